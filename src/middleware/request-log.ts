/**
 * A request id per request (taken from a sane incoming `X-Request-Id` or made up), echoed in the
 * response and attached to a child logger that handlers read with `c.get('log')`.
 */
import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { Logger } from '../log.ts';

export type RequestVariables = { requestId: string; log: Logger };

export function requestLog(log: Logger) {
  return createMiddleware<{ Variables: RequestVariables }>(async function requestLogMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const child = log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', child);
    const started = performance.now();
    await next();
    // Set on the built response: c.header() after next() would make Hono rebuild (and stream) it.
    c.res.headers.set('X-Request-Id', requestId);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const status = c.res.status;
    // The path only: query strings can carry tokens (kiosk links, push tokens).
    const path = c.req.path.startsWith('/api/v1/push/') ? '/api/v1/push/…' : c.req.path;
    child[status >= 500 ? 'error' : 'debug']({ method: c.req.method, path, status, durationMs }, 'request');
  });
}
