/**
 * Login attempts limited per account and per client address, in PostgreSQL so the limit holds
 * across every instance. An attempt is counted *before* the password is checked (an atomic
 * increment), so parallel guesses cannot all slip in under the limit; a successful login clears
 * the account's counter and gives its hit back to the address.
 *
 * Per account: 5 attempts per 15 minutes — stops guessing one password, whatever the source.
 * Per address: 30 attempts per 15 minutes — stops one source spraying many accounts.
 * The account key is a hash of the normalised email, so unknown emails are limited the same
 * way as real ones (no account enumeration) and the table holds no addresses in clear.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { clearRateLimit, hitRateLimit, refundRateLimit } from '../store/rate-limits.ts';

export const loginLimits = {
  account: { attempts: 5, windowSeconds: 15 * 60 },
  address: { attempts: 30, windowSeconds: 15 * 60 },
} as const;

export interface LoginAttempt {
  accountKey: string;
  addressKey: string;
}

type Deps = Pick<AppContext, 'db' | 'clock'>;

/** Counts the attempt; throws 429 (with Retry-After) when either limit is exceeded. */
export async function beginLoginAttempt(app: Deps, email: string, address: string): Promise<LoginAttempt> {
  const attempt = {
    accountKey: `login:account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`,
    addressKey: `login:address:${address}`,
  };
  const now = app.clock();
  for (const [key, limit] of [
    [attempt.addressKey, loginLimits.address],
    [attempt.accountKey, loginLimits.account],
  ] as const) {
    const hit = await hitRateLimit(app.db.pool, key, now, limit.windowSeconds);
    if (hit.count > limit.attempts) {
      const retryAfter = Math.max(1, Math.ceil((hit.windowStart.getTime() + limit.windowSeconds * 1000 - now.getTime()) / 1000));
      throw new AppError('rate_limited', `Too many login attempts; try again in ${Math.ceil(retryAfter / 60)} min`, { retryAfter });
    }
  }
  return attempt;
}

export async function loginSucceeded(app: Pick<AppContext, 'db'>, attempt: LoginAttempt): Promise<void> {
  await clearRateLimit(app.db.pool, attempt.accountKey);
  await refundRateLimit(app.db.pool, attempt.addressKey);
}
