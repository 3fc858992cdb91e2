/**
 * Hourly housekeeping of access-control state (run by the maintenance queue): expired sessions
 * and login counters whose window ended long ago. Neither is needed for correctness — expired
 * sessions are refused and old windows restart — but without it the tables only grow.
 */
import type { AppContext } from '../context.ts';
import { deleteStaleRateLimits } from '../store/rate-limits.ts';
import { loginLimits } from './login-limit.ts';

export async function sweepAuthState(app: Pick<AppContext, 'db' | 'clock'>): Promise<{ sessions: number; rateLimits: number }> {
  const now = app.clock();
  const sessions = await app.db.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } });
  const longestWindowMs = Math.max(loginLimits.account.windowSeconds, loginLimits.address.windowSeconds) * 1000;
  const rateLimits = await deleteStaleRateLimits(app.db.pool, new Date(now.getTime() - 2 * longestWindowMs));
  return { sessions: sessions.count, rateLimits };
}
