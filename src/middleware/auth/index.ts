/**
 * Access control for every request, in one middleware mounted before all routes: find out who
 * is asking (identify.ts), refuse cross-site browser requests and missing CSRF tokens (csrf.ts),
 * then apply the route policy table (policy.ts). Handlers read the result with `principalOf(c)`.
 */
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { AppContext } from '../../context.ts';
import type { Logger } from '../../log.ts';
import { decide, refusalMessage } from './decide.ts';
import { crossSiteProblem, hasValidCsrfToken, isStateChanging, isWebSocketUpgrade } from './csrf.ts';
import { identify } from './identify.ts';
import { ruleFor } from './policy.ts';
import { describePrincipal, type AuthVariables, type Principal } from './principal.ts';
import { forbidden, invalidCredentials, unauthenticated } from './responses.tsx';

export { principalOf, linkTokenOf, csrfTokenOf, sessionUserOf, canSeeConfig, isAdmin, tagRestriction, type Principal, type AuthVariables } from './principal.ts';

/** Public routes that still need to know the visitor (to end or replace their session). */
const identifyOnPublic = new Set(['/login', '/logout', '/setup']);

export function authMiddleware(app: AppContext) {
  return createMiddleware<{ Variables: AuthVariables }>(async function accessControl(c, next) {
    const method = c.req.method;
    const rule = ruleFor(method, c.req.path);
    const access = rule?.access ?? 'admin';
    const anonymous: Principal = { kind: 'anonymous' };

    if (access === 'public' && !identifyOnPublic.has(c.req.path)) {
      c.set('auth', anonymous);
      return next();
    }

    const identified = await identify(app, c, access);
    if ('invalid' in identified) return invalidCredentials(c, identified.invalid);
    const { principal, via } = identified;
    c.set('auth', principal);

    // Browsers: refuse cross-site writes and cross-site WebSocket upgrades that ride on cookies.
    const browser = via === 'cookie' || via === 'none';
    const changing = isStateChanging(method);
    if (browser && rule?.csrf !== 'none' && (changing || (via === 'cookie' && isWebSocketUpgrade(c)))) {
      const problem = crossSiteProblem(c, app.config);
      if (problem) {
        requestLogger(c, app).info({ path: c.req.path, who: describePrincipal(principal) }, problem);
        return forbidden(c, problem, principal.kind === 'user');
      }
    }
    if (via === 'cookie' && changing && rule?.csrf === undefined && principal.kind === 'user' && !(await hasValidCsrfToken(c, principal.csrfToken))) {
      return forbidden(c, 'Missing or wrong CSRF token: reload the page and try again', true);
    }

    const decision = decide(principal, access, app.config.publicDashboard);
    if (decision === 'unauthenticated') return unauthenticated(c);
    if (decision === 'forbidden') return forbidden(c, refusalMessage(principal, access), principal.kind === 'user');

    // The shared page socket serves every page; a kiosk token may only follow the board.
    if (principal.kind === 'kiosk' && c.req.path === '/ws' && c.req.query('view') !== 'board') {
      return forbidden(c, refusalMessage(principal, access), false);
    }
    // A kiosk token limited to a tag sees only that tag: its board URL is pinned to it.
    if (principal.kind === 'kiosk' && access === 'board' && principal.tag !== null && c.req.query('tag') !== principal.tag) {
      if (isWebSocketUpgrade(c) || method !== 'GET') return forbidden(c, `This kiosk token is limited to tag "${principal.tag}"`, false);
      const url = new URL(c.req.url);
      url.searchParams.set('tag', principal.tag);
      return c.redirect(url.pathname + url.search, 302);
    }
    return next();
  });
}

function requestLogger(c: Context, app: AppContext): Logger {
  return (c.get('log' as never) as Logger | undefined) ?? app.log;
}
