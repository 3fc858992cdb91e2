/**
 * How a refused request is answered. The API (and sockets) get the usual JSON error; a browser
 * asking for a page without a login is sent to /login and brought back afterwards; htmx requests
 * get HX-Redirect so the whole page goes to /login instead of a fragment swapping in.
 */
import type { Context } from 'hono';
import { AppError } from '../../http/errors.ts';
import { ProblemPage } from '../../../views/pages/auth/problem.tsx';
import { isApiPath } from './policy.ts';

function wantsPage(c: Context): boolean {
  return !isApiPath(c.req.path) && (c.req.header('accept') ?? '').includes('text/html');
}

/** Only same-site relative paths survive as `next` (no open redirect to another host). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/integrations/health';
  return next;
}

export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(safeNext(next))}`;
}

export function unauthenticated(c: Context, message = 'Sign in, or send Authorization: Bearer <token>'): Response {
  const url = new URL(c.req.url);
  if (c.req.header('hx-request') === 'true') {
    const current = c.req.header('hx-current-url');
    const next = current && URL.canParse(current) ? new URL(current).pathname + new URL(current).search : '/integrations/health';
    c.header('HX-Redirect', loginUrl(next));
    return c.json(new AppError('unauthorized', message).toJSON(), 401);
  }
  if (c.req.method === 'GET' && wantsPage(c)) return c.redirect(loginUrl(url.pathname + url.search), 302);
  if (wantsPage(c)) {
    // A plain form posted after the session ended: sign in again, then back to the page it was on.
    const referer = c.req.header('referer');
    const back = referer && URL.canParse(referer) && new URL(referer).host === url.host ? new URL(referer).pathname : '/integrations/health';
    return c.redirect(loginUrl(back), 303);
  }
  c.header('WWW-Authenticate', 'Bearer realm="integration-health"');
  return c.json(new AppError('unauthorized', message).toJSON(), 401);
}

export function forbidden(c: Context, message: string, signedIn: boolean): Response | Promise<Response> {
  if (wantsPage(c) && c.req.header('hx-request') !== 'true') {
    c.status(403);
    return c.html(<ProblemPage title="Not allowed" message={message} signedIn={signedIn} />);
  }
  return c.json(new AppError('forbidden', message).toJSON(), 403);
}

/** A token that does not work (unknown, revoked, wrong kind): never fall back to another identity. */
export function invalidCredentials(c: Context, message: string): Response | Promise<Response> {
  if (wantsPage(c)) {
    c.status(401);
    return c.html(<ProblemPage title="Link not valid" message={message} signedIn={false} />);
  }
  c.header('WWW-Authenticate', 'Bearer realm="integration-health", error="invalid_token"');
  return c.json(new AppError('unauthorized', message).toJSON(), 401);
}
