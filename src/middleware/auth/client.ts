/**
 * Facts about the client that depend on whether a reverse proxy is trusted (TRUST_PROXY): its
 * address (login limits), whether it speaks HTTPS (Secure cookies) and the origin it used
 * (same-origin checks). Without TRUST_PROXY the X-Forwarded-* headers are ignored entirely —
 * anyone can send them.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from '../../config.ts';

type ProxyConfig = Pick<Config, 'trustProxy' | 'publicUrl'>;

/** The last hop the proxy added is the one it saw; earlier entries are the client's own claims. */
function lastForwarded(value: string | undefined): string | undefined {
  const parts = value?.split(',').map((part) => part.trim()).filter(Boolean);
  return parts?.[parts.length - 1];
}

export function clientAddress(c: Context, config: ProxyConfig): string {
  if (config.trustProxy) {
    const forwarded = lastForwarded(c.req.header('x-forwarded-for'));
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in unit tests has no socket.
    return 'unknown';
  }
}

/** HTTPS as the browser sees it: PUBLIC_URL says so, or a trusted proxy does. */
export function isHttps(c: Context, config: ProxyConfig): boolean {
  if (config.publicUrl?.startsWith('https:')) return true;
  if (config.trustProxy && lastForwarded(c.req.header('x-forwarded-proto'))?.toLowerCase() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** Origins this request may legitimately come from: the one the browser addressed, and PUBLIC_URL's. */
export function ownOrigins(c: Context, config: ProxyConfig): Set<string> {
  const origins = new Set<string>();
  if (config.publicUrl) origins.add(new URL(config.publicUrl).origin);
  const host = (config.trustProxy ? lastForwarded(c.req.header('x-forwarded-host')) : undefined) ?? c.req.header('host');
  // The scheme the connection really used (not PUBLIC_URL's): a direct http visit sends http.
  const proto = (config.trustProxy ? lastForwarded(c.req.header('x-forwarded-proto')) : undefined) ?? new URL(c.req.url).protocol.replace(':', '');
  if (host) origins.add(`${proto}://${host}`.toLowerCase());
  return origins;
}
