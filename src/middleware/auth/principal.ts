/**
 * Who is making a request, as decided once by the auth middleware, and what that lets them see.
 * Handlers read it with `principalOf(c)` (works in any sub-app, whatever its Hono env type).
 */
import type { Context } from 'hono';
import type { SessionUser } from '../../services/sessions.ts';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: SessionUser; sessionIdHash: string; csrfToken: string }
  | { kind: 'token'; tokenId: number | null; name: string; scope: 'read' | 'admin'; viaLink?: boolean }
  | { kind: 'kiosk'; tokenId: number; name: string; tag: string | null; viaLink?: boolean };

export type AuthVariables = { auth: Principal };

const anonymous: Principal = { kind: 'anonymous' };

export function principalOf(c: Context): Principal {
  return (c.get('auth' as never) as Principal | undefined) ?? anonymous;
}

export function isAdmin(principal: Principal): boolean {
  return (principal.kind === 'user' && principal.user.role === 'admin') || (principal.kind === 'token' && principal.scope === 'admin');
}

/** Signed-in viewers and admins, read and admin tokens: they may see configuration (never secrets). */
export function isMember(principal: Principal): boolean {
  return principal.kind === 'user' || principal.kind === 'token';
}

/** Integration `config` (non-secret settings) is shown to members only: never to the public or a kiosk. */
export function canSeeConfig(principal: Principal): boolean {
  return isMember(principal);
}

/** The tag a kiosk token is limited to, if any: boards and live updates show only that tag. */
export function tagRestriction(principal: Principal): string | null {
  return principal.kind === 'kiosk' ? principal.tag : null;
}

/** The CSRF token to put into pages (Layout's `hx-headers`, hidden form fields); browsers with a session only. */
export function csrfTokenOf(c: Context): string | undefined {
  const principal = principalOf(c);
  return principal.kind === 'user' ? principal.csrfToken : undefined;
}

/**
 * The `?token=` a wall screen opened the board with, so the page can hand it on to its
 * WebSocket URL (a screen has no cookie). Undefined for every other way of signing in.
 */
export function linkTokenOf(c: Context): string | undefined {
  const principal = principalOf(c);
  return (principal.kind === 'kiosk' || principal.kind === 'token') && principal.viaLink ? c.req.query('token') : undefined;
}

/** The signed-in user, if the request came from a browser session. */
export function sessionUserOf(c: Context): SessionUser | undefined {
  const principal = principalOf(c);
  return principal.kind === 'user' ? principal.user : undefined;
}

/** A short label for logs (never a token). */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return `user:${principal.user.id}`;
    case 'token':
      return principal.tokenId === null ? 'ADMIN_TOKEN' : `token:${principal.tokenId}`;
    case 'kiosk':
      return `kiosk:${principal.tokenId}`;
  }
}
