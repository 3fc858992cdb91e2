/**
 * A real HTTP server on loopback that records POSTs, for webhook tests. When given a Standard
 * Webhooks secret it verifies each request with the independent `standardwebhooks` package
 * (not our signing code) and answers 401 when the signature is wrong. Its answer can be
 * changed between requests: status, body, headers, or a delay longer than the client's timeout.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** With a secret: whether the signature verified, and the verifier's error otherwise. */
  verified?: boolean;
  verifyError?: string;
}

export interface ReceiverAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Sets the answer for the following requests. */
  answer(answer: ReceiverAnswer | ((request: ReceivedRequest) => ReceiverAnswer)): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { secret?: string } = {}): Promise<HttpReceiver> {
  const verifier = options.secret ? new Webhook(options.secret) : undefined;
  return startHttpReceiver((request) => {
    if (!verifier) return undefined;
    try {
      verifier.verify(request.body, request.headers as Record<string, string>);
      request.verified = true;
      return undefined;
    } catch (error) {
      request.verified = false;
      request.verifyError = error instanceof Error ? error.message : String(error);
      return { status: 401, body: 'signature verification failed' };
    }
  });
}

/**
 * The shared server. `inspect` may answer a request itself (e.g. a failed verification),
 * overriding the configured answer.
 */
export async function startHttpReceiver(
  inspect: (request: ReceivedRequest) => ReceiverAnswer | undefined = () => undefined,
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let configured: ReceiverAnswer | ((request: ReceivedRequest) => ReceiverAnswer) = { status: 200, body: 'ok' };
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = inspect(request) ?? (typeof configured === 'function' ? configured(request) : configured);
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      };
      if (!answer.delayMs) return reply();
      const timer = setTimeout(() => {
        timers.delete(timer);
        reply();
      }, answer.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      configured = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
