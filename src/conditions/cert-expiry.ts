/**
 * Verdict on a certificate's validity window at a given moment: `down` when expired, not yet
 * valid or under `failDays`; `degraded` under `warnDays`; otherwise `up`. Thresholds compare
 * exact remaining time, so "2 days 23 hours" is still under a 3-day threshold.
 */
import type { ObservedStatus } from '../checks/types.ts';

const DAY_MS = 86_400_000;

export interface CertExpiryInput {
  validFrom: Date;
  validTo: Date;
  now: Date;
  warnDays: number;
  failDays: number;
}

export interface CertExpiryVerdict {
  status: ObservedStatus;
  /** Whole days left, rounded down (negative once expired). */
  daysRemaining: number;
  message: string;
}

/** "2026-01-02": the day is what people act on; the time of day is in the details. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function judgeCertExpiry({ validFrom, validTo, now, warnDays, failDays }: CertExpiryInput): CertExpiryVerdict {
  const remainingMs = validTo.getTime() - now.getTime();
  const daysRemaining = Math.floor(remainingMs / DAY_MS);
  if (remainingMs <= 0) {
    return { status: 'down', daysRemaining, message: `TLS certificate expired on ${isoDay(validTo)}` };
  }
  if (validFrom.getTime() > now.getTime()) {
    return { status: 'down', daysRemaining, message: `TLS certificate is not valid until ${isoDay(validFrom)}` };
  }
  const expiresIn = `TLS certificate expires in ${plural(daysRemaining, 'day')} (on ${isoDay(validTo)})`;
  if (remainingMs < failDays * DAY_MS) return { status: 'down', daysRemaining, message: expiresIn };
  if (remainingMs < warnDays * DAY_MS) return { status: 'degraded', daysRemaining, message: expiresIn };
  return { status: 'up', daysRemaining, message: `TLS certificate valid until ${isoDay(validTo)} (${plural(daysRemaining, 'day')} left)` };
}
