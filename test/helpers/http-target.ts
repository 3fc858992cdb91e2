/**
 * A real HTTP server on 127.0.0.1:0 with the routes the http check tests need. Every request is
 * recorded so tests can prove what was sent (method, headers, body) and how often.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpTarget {
  /** Absolute URL for a path on this server, e.g. target.url('/fast'). */
  url: (path: string) => string;
  port: number;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

export const SAMPLE_JSON = {
  status: 'ok',
  version: 3,
  healthy: true,
  queue: { depth: 12, workers: ['alpha', 'beta'] },
  items: [{ name: 'first' }, { name: 'second' }],
  'key with space': 'spaced',
  note: null,
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) => void;

export async function startHttpTarget(): Promise<HttpTarget> {
  const timers = new Set<NodeJS.Timeout>();
  let flakyCount = 0;

  const routes: Record<string, Handler> = {
    '/fast': (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end('ok');
    },
    // Delays the response by ?ms= milliseconds.
    '/slow': (_req, res, url) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.end('finally');
      }, Number(url.searchParams.get('ms') ?? 1000));
      timers.add(timer);
    },
    // Alternates: first call 200, second 503, third 200...
    '/flaky': (_req, res) => {
      flakyCount += 1;
      res.statusCode = flakyCount % 2 === 1 ? 200 : 503;
      res.end(res.statusCode === 200 ? 'ok' : 'unavailable');
    },
    '/status': (_req, res, url) => {
      res.statusCode = Number(url.searchParams.get('code') ?? 500);
      res.end(`status ${res.statusCode}`);
    },
    '/text': (_req, res, url) => {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(url.searchParams.get('body') ?? '');
    },
    '/json': (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(SAMPLE_JSON));
    },
    '/big': (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      // 2 MB of "a" followed by a marker the check must never see.
      res.write('a'.repeat(2 * 1024 * 1024));
      res.end('END-MARKER');
    },
    // /chain?n=3 redirects to /chain?n=2 ... /chain?n=0, which answers 200.
    '/chain': (_req, res, url) => {
      const n = Number(url.searchParams.get('n') ?? 0);
      if (n <= 0) return void res.end('end of chain');
      res.writeHead(Number(url.searchParams.get('code') ?? 302), { location: `/chain?n=${n - 1}` });
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    },
    // Redirects to any absolute URL (?to=), e.g. another origin.
    '/redirect-to': (_req, res, url) => {
      res.writeHead(Number(url.searchParams.get('code') ?? 302), { location: url.searchParams.get('to') ?? '/' });
      res.end();
    },
    // Answers with what it received, to prove method, headers and body are sent.
    '/echo': (req, res, _url, body) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-echo-method', req.method ?? '');
      res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
    },
  };

  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body });
      const handler = routes[url.pathname];
      if (!handler) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      handler(req, res, url, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
