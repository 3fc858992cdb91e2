/**
 * A loopback stand-in for Slack's Web API `auth.test`, answering the way Slack does: HTTP 200
 * with `ok:true` and the bot's identity for a known token, HTTP 200 with `ok:false` and an error
 * code otherwise, and HTTP 429 with Retry-After for a token marked as rate limited. The token is
 * read from `Authorization: Bearer`, or from a form or JSON body like Slack also accepts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlackTokenBehaviour = 'ok' | 'token_revoked' | 'account_inactive' | 'rate_limited';

export interface SlackApiOptions {
  /** Token → how auth.test answers it. Any other token gets `invalid_auth`. */
  tokens: Record<string, SlackTokenBehaviour>;
  retryAfterSeconds?: number;
}

export interface SlackApi {
  /** Base URL to configure the check with, e.g. http://127.0.0.1:40123/api */
  baseUrl: string;
  /** Number of auth.test requests received. */
  requests: () => number;
  close: () => Promise<void>;
}

export const SLACK_IDENTITY = {
  url: 'https://acme.slack.com/',
  team: 'Acme',
  user: 'health-bot',
  team_id: 'T0ACME',
  user_id: 'U0BOT',
  bot_id: 'B0BOT',
};

export async function startSlackApi(options: SlackApiOptions): Promise<SlackApi> {
  let requests = 0;
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/api/auth.test') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    requests++;
    const body = await readBody(req);
    const token = bearerToken(req) ?? tokenFromBody(req, body);
    const behaviour = token === undefined ? undefined : options.tokens[token];
    if (behaviour === 'rate_limited') {
      res.writeHead(429, { 'retry-after': String(options.retryAfterSeconds ?? 30), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer =
      token === undefined
        ? { ok: false, error: 'not_authed' }
        : behaviour === undefined
          ? { ok: false, error: 'invalid_auth' }
          : behaviour === 'ok'
            ? { ok: true, ...SLACK_IDENTITY }
            : { ok: false, error: behaviour };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function bearerToken(req: http.IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function tokenFromBody(req: http.IncomingMessage, body: string): string | undefined {
  if (body === '') return undefined;
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as { token?: unknown };
      return typeof parsed.token === 'string' ? parsed.token : undefined;
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(body).get('token') ?? undefined;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
