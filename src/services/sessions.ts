/**
 * Browser sessions in PostgreSQL, so any instance can serve any request and a logout or a
 * deleted user takes effect everywhere at once. The cookie holds a random token; the row is keyed
 * by its SHA-256 (a database dump does not hold live session ids). Each session carries its own
 * CSRF token (synchronizer token pattern).
 *
 * Expiry: a session ends after `idleTimeoutMs` without use or `absoluteTimeoutMs` after login,
 * whichever comes first (Grafana's defaults). `expires_at` slides forward at most once an hour,
 * so ordinary page views do not each write a row.
 */
import type { AppContext } from '../context.ts';
import { hashToken, newToken } from '../security/tokens.ts';

export const idleTimeoutMs = 7 * 24 * 3600_000;
export const absoluteTimeoutMs = 30 * 24 * 3600_000;
const renewEveryMs = 3600_000;

export type Role = 'admin' | 'viewer';

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

type Deps = Pick<AppContext, 'db' | 'clock'>;

/**
 * Starts a fresh session (a new id at every login defeats session fixation) and ends the one
 * the browser came with, if any.
 */
export async function createSession(app: Deps, userId: number, previousToken?: string): Promise<NewSession> {
  const now = app.clock();
  const token = newToken('ihs');
  const csrfToken = newToken('csrf');
  const expiresAt = new Date(now.getTime() + idleTimeoutMs);
  await app.db.prisma.$transaction([
    ...(previousToken ? [app.db.prisma.session.deleteMany({ where: { idHash: hashToken(previousToken) } })] : []),
    // Expired rows of everyone are swept here: logins are rare enough to pay for it.
    app.db.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    app.db.prisma.session.create({ data: { idHash: hashToken(token), userId, csrfToken, createdAt: now, expiresAt } }),
    app.db.prisma.user.update({ where: { id: userId }, data: { lastLoginAt: now } }),
  ]);
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie token, with its user; expired sessions are deleted. */
export async function findSession(app: Deps, token: string): Promise<ActiveSession | null> {
  if (!/^ihs_[\w-]{43}$/.test(token)) return null;
  const idHash = hashToken(token);
  const row = await app.db.prisma.session.findUnique({ where: { idHash }, include: { user: { select: { id: true, email: true, role: true } } } });
  if (!row) return null;
  const now = app.clock();
  const hardEnd = row.createdAt.getTime() + absoluteTimeoutMs;
  if (row.expiresAt.getTime() <= now.getTime() || hardEnd <= now.getTime()) {
    await app.db.prisma.session.deleteMany({ where: { idHash } });
    return null;
  }
  let expiresAt = row.expiresAt;
  if (now.getTime() + idleTimeoutMs - expiresAt.getTime() >= renewEveryMs) {
    expiresAt = new Date(Math.min(now.getTime() + idleTimeoutMs, hardEnd));
    await app.db.prisma.session.updateMany({ where: { idHash }, data: { expiresAt } });
  }
  return { idHash, csrfToken: row.csrfToken, expiresAt, user: row.user };
}

export async function deleteSession(app: Pick<AppContext, 'db'>, idHash: string): Promise<void> {
  await app.db.prisma.session.deleteMany({ where: { idHash } });
}

/** Ends every session of a user (role changed, password changed, user deleted). */
export async function deleteUserSessions(app: Pick<AppContext, 'db'>, userId: number, exceptIdHash?: string): Promise<void> {
  await app.db.prisma.session.deleteMany({ where: { userId, ...(exceptIdHash ? { idHash: { not: exceptIdHash } } : {}) } });
}
