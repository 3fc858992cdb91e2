/**
 * Lets other sites frame a route (the embed card) although every other page refuses framing.
 * Mounted before `secureHeaders`, so it runs after it on the way out and rewrites what it set:
 * X-Frame-Options is dropped and the CSP's `frame-ancestors 'none'` becomes `*`.
 */
import { createMiddleware } from 'hono/factory';

export function allowFraming() {
  return createMiddleware(async function allowFramingMiddleware(c, next) {
    await next();
    c.res.headers.delete('X-Frame-Options');
    const csp = c.res.headers.get('Content-Security-Policy');
    if (csp) c.res.headers.set('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
  });
}
