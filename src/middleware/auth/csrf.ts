/**
 * Cross-site request forgery defences for browser requests (cookie sessions):
 * 1. Same-origin check (defence in depth): a state-changing request or WebSocket upgrade whose
 *    `Sec-Fetch-Site` says cross-site/same-site, or whose `Origin` is not ours, is refused.
 * 2. Synchronizer token: every state-changing request on a session must carry the session's CSRF
 *    token — htmx sends it as `X-CSRF-Token` (from `hx-headers` on <body>), plain forms as a
 *    hidden `_csrf` field. Bearer-token requests need neither: browsers never add those headers.
 */
import type { Context } from 'hono';
import type { Config } from '../../config.ts';
import { secretsEqual } from '../../security/tokens.ts';
import { ownOrigins } from './client.ts';

export const csrfHeader = 'x-csrf-token';
export const csrfField = '_csrf';

export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

export function isWebSocketUpgrade(c: Context): boolean {
  return c.req.header('upgrade')?.toLowerCase() === 'websocket';
}

/** Why this browser request looks cross-site, or undefined when it comes from our own pages. */
export function crossSiteProblem(c: Context, config: Pick<Config, 'trustProxy' | 'publicUrl'>): string | undefined {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return `cross-site request refused (Sec-Fetch-Site: ${fetchSite})`;
  const origin = c.req.header('origin');
  if (origin === undefined) return undefined;
  if (!ownOrigins(c, config).has(origin.toLowerCase())) return 'cross-origin request refused (Origin does not match this server)';
  return undefined;
}

/** True when the request carries the session's CSRF token in the header or the form body. */
export async function hasValidCsrfToken(c: Context, expected: string): Promise<boolean> {
  const header = c.req.header(csrfHeader);
  if (header !== undefined) return secretsEqual(header, expected);
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return false;
  // Hono caches the parsed body, so the route handler can still read it.
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const field = body[csrfField];
  return typeof field === 'string' && secretsEqual(field, expected);
}
