/**
 * Works out who sent a request, in this order:
 * 1. `Authorization: Bearer <token>` — API tokens, ADMIN_TOKEN, or a kiosk token;
 * 2. `?token=` — only on the board and its socket (wall screens cannot send headers), and only
 *    kiosk or read tokens: an admin token never belongs in a URL;
 * 3. the session cookie.
 * A presented token that does not work is an error, not a fallback to the next method.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { authenticateToken, type TokenIdentity } from '../../services/api-tokens.ts';
import { findSession } from '../../services/sessions.ts';
import type { Access } from './policy.ts';
import type { Principal } from './principal.ts';
import { clearSessionCookie, readSessionCookie } from './session-cookie.ts';

export type Via = 'bearer' | 'link' | 'cookie' | 'none';

export type Identified = { principal: Principal; via: Via } | { invalid: string };

function fromToken(identity: TokenIdentity): Principal {
  if (identity.scope === 'kiosk') return { kind: 'kiosk', tokenId: identity.id ?? 0, name: identity.name, tag: identity.tag };
  return { kind: 'token', tokenId: identity.id, name: identity.name, scope: identity.scope };
}

export async function identify(app: AppContext, c: Context, access: Access): Promise<Identified> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined && /^bearer\s/i.test(authorization)) {
    const identity = await authenticateToken(app, authorization.replace(/^bearer\s+/i, '').trim());
    if (!identity) return { invalid: 'The bearer token is not valid or was revoked' };
    return { principal: fromToken(identity), via: 'bearer' };
  }

  const linkToken = access === 'board' ? c.req.query('token') : undefined;
  if (linkToken !== undefined) {
    const identity = await authenticateToken(app, linkToken);
    if (!identity) return { invalid: 'This board link is not valid or its token was revoked. Ask an admin for a new kiosk link.' };
    if (identity.scope === 'admin') return { invalid: 'Admin tokens are not accepted in links; create a kiosk token for the board.' };
    return { principal: { ...fromToken(identity), viaLink: true } as Principal, via: 'link' };
  }

  const cookie = readSessionCookie(c);
  if (cookie !== undefined) {
    const session = await findSession(app, cookie);
    if (session) return { principal: { kind: 'user', user: session.user, sessionIdHash: session.idHash, csrfToken: session.csrfToken }, via: 'cookie' };
    // Expired or logged out elsewhere: drop the stale cookie and carry on as a visitor.
    clearSessionCookie(c, app.config);
  }
  return { principal: { kind: 'anonymous' }, via: 'none' };
}
