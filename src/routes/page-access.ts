/**
 * What pages need from access control, in one place: the header every htmx request of a page
 * carries (the session's CSRF token) and whether the viewer may see configuration.
 */
import type { Context } from 'hono';
import { canSeeConfig, csrfTokenOf, isAdmin, type Principal } from '../middleware/auth/principal.ts';
import type { HeaderAccount } from '../../views/components/page-header.tsx';
import { csrfHeader } from '../middleware/auth/csrf.ts';

export function pageRequestHeaders(c: Context): Record<string, string> {
  const token = csrfTokenOf(c);
  return token ? { [csrfHeader]: token } : {};
}

/** Configuration (never secrets) is for members; without access control in front, for everyone. */
export function mayShowConfig(c: Context): boolean {
  const principal = c.get('auth' as never) as Principal | undefined;
  return principal === undefined || canSeeConfig(principal);
}

/** "Check now" is admin-only in the route policy; pages hide the button from everyone else. */
export function mayCheckNow(c: Context): boolean {
  const principal = c.get('auth' as never) as Principal | undefined;
  return principal === undefined || isAdmin(principal);
}

/** The page header's account controls: sign out for a session, sign in for an anonymous visitor. */
export function headerAccountOf(c: Context): HeaderAccount {
  const principal = (c.get('auth' as never) as Principal | undefined) ?? { kind: 'anonymous' };
  if (principal.kind === 'user') return { kind: 'user', email: principal.user.email, csrfToken: principal.csrfToken, admin: isAdmin(principal) };
  if (principal.kind === 'anonymous') {
    const url = new URL(c.req.url);
    return { kind: 'anonymous', next: url.pathname + url.search };
  }
  return { kind: 'token', admin: isAdmin(principal) };
}
