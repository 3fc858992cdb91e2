/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site
 * POSTs or sub-requests), Path=/, and Secure whenever the browser talks HTTPS (PUBLIC_URL is
 * https, or a trusted proxy says so). Under HTTPS the `__Host-` prefix also pins it to this exact
 * host, so a sibling subdomain cannot plant a session cookie.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.ts';
import { absoluteTimeoutMs } from '../../services/sessions.ts';
import { isHttps } from './client.ts';

const plainName = 'ih_session';
const hostName = '__Host-ih_session';

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, hostName) ?? getCookie(c, plainName);
}

export function writeSessionCookie(c: Context, config: Pick<Config, 'trustProxy' | 'publicUrl'>, token: string): void {
  const secure = isHttps(c, config);
  setCookie(c, secure ? hostName : plainName, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    // The browser may keep it for the absolute lifetime; the server ends idle sessions sooner.
    maxAge: Math.floor(absoluteTimeoutMs / 1000),
  });
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'trustProxy' | 'publicUrl'>): void {
  if (getCookie(c, hostName) !== undefined) deleteCookie(c, hostName, { path: '/', secure: true });
  if (getCookie(c, plainName) !== undefined) deleteCookie(c, plainName, { path: '/', secure: isHttps(c, config) });
}
