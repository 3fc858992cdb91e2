/**
 * Browser-like sessions for tests: create a user, sign in through the real /login form, then
 * send requests with the session cookie (and, for writes, the CSRF token and a same-origin
 * Origin header, as a browser on our own page would).
 */
import { createHash } from 'node:crypto';
import type { TestApp } from './app.ts';
import { createUser } from '../../src/services/users.ts';

export const testPassword = 'correct horse battery staple';

export interface RequestOptions {
  method?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** false: leave the CSRF token out (to test that it is required). Default true. */
  csrf?: boolean;
  redirect?: RequestRedirect;
}

export interface BrowserSession {
  email: string;
  userId: number;
  cookie: string;
  csrfToken: string;
  request(path: string, options?: RequestOptions): Promise<Response>;
}

let counter = 0;

export async function addUser(app: TestApp, role: 'admin' | 'viewer', email = `${role}${++counter}@example.test`, password = testPassword) {
  return createUser(app.context, { email, password, role });
}

/** Posts the login form; returns the response (not followed) and the session cookie it set. */
export async function postLogin(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
    body: new URLSearchParams({ email, password, next: '/integrations/health' }),
  });
  const setCookie = response.headers.getSetCookie().find((line) => /ih_session=/.test(line));
  const cookie = setCookie?.split(';')[0];
  return { response, cookie, setCookie };
}

export function sessionRequest(app: TestApp, cookie: string, csrfToken: string) {
  return (path: string, options: RequestOptions = {}) => {
    const method = options.method ?? (options.form ? 'POST' : 'GET');
    const form = options.form ? { ...options.form, ...(options.csrf === false || method === 'GET' ? {} : { _csrf: csrfToken }) } : undefined;
    return fetch(`${app.url}${path}`, {
      method,
      redirect: options.redirect ?? 'manual',
      headers: {
        cookie,
        accept: 'text/html',
        ...(method === 'GET' || method === 'HEAD' ? {} : { origin: app.url }),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...options.headers,
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
  };
}

/** A user of the given role, signed in through the login form. */
export async function signIn(app: TestApp, role: 'admin' | 'viewer'): Promise<BrowserSession> {
  const user = await addUser(app, role);
  const { cookie } = await postLogin(app.url, user.email, testPassword);
  if (!cookie) throw new Error(`login of ${user.email} set no session cookie`);
  const token = decodeURIComponent(cookie.split('=')[1] ?? '');
  const row = await app.context.db.prisma.session.findUnique({ where: { idHash: createHash('sha256').update(token).digest('hex') } });
  if (!row) throw new Error('no session row for the cookie');
  return { email: user.email, userId: user.id, cookie, csrfToken: row.csrfToken, request: sessionRequest(app, cookie, row.csrfToken) };
}
