/**
 * Certificate-expiry warnings fire once per threshold crossed (14, 7, 3, 1 days left by
 * default), not on every check: a TLS check runs every few minutes and would otherwise send the
 * same "expires in 6 days" dozens of times a day. Pure; the caller stores `lastWarnedDays`.
 */
export const DEFAULT_TLS_WARN_DAYS: readonly number[] = Object.freeze([14, 7, 3, 1]);

export interface TlsExpiryDecision {
  /** Send a `tls_expiry` alert now. */
  warn: boolean;
  /** The smallest threshold the certificate is at or under, null when above them all. */
  thresholdDays: number | null;
  /** Store this and pass it back next time. */
  lastWarnedDays: number | null;
}

/**
 * Warns when the certificate is at or under a threshold smaller than the last one warned about.
 * Jumping several thresholds at once (first check at 2 days left) sends one warning, not three.
 * A renewed certificate (above every threshold) resets, so the next expiry warns again; one
 * renewed into a higher band adopts that band quietly.
 */
export function tlsExpiryEvent(
  daysRemaining: number,
  warnDays: readonly number[] = DEFAULT_TLS_WARN_DAYS,
  lastWarnedDays: number | null = null,
): TlsExpiryDecision {
  const crossed = warnDays.filter((threshold) => daysRemaining <= threshold);
  const thresholdDays = crossed.length > 0 ? Math.min(...crossed) : null;
  const warn = thresholdDays !== null && (lastWarnedDays === null || thresholdDays < lastWarnedDays);
  return { warn, thresholdDays, lastWarnedDays: thresholdDays };
}
