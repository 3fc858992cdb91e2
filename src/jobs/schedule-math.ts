/**
 * The adaptive interval (pure): healthy integrations run every `interval`; after a failure the
 * delay doubles per consecutive failure up to `maxInterval`; ±10 % jitter spreads integrations
 * that were created together so they do not all fire in the same second.
 */
export interface ScheduleSettings {
  intervalSeconds: number;
  maxIntervalSeconds: number;
}

export const jitterRatio = 0.1;

/** Seconds until the next check, before jitter. */
export function baseDelaySeconds(consecutiveFailures: number, settings: ScheduleSettings): number {
  if (consecutiveFailures <= 0) return settings.intervalSeconds;
  const doubled = settings.intervalSeconds * 2 ** Math.min(consecutiveFailures, 30);
  return Math.max(settings.intervalSeconds, Math.min(doubled, settings.maxIntervalSeconds));
}

/** `random` in [0, 1) is injected so tests are deterministic. */
export function nextDueAt(now: Date, consecutiveFailures: number, settings: ScheduleSettings, random: () => number = Math.random): Date {
  const base = baseDelaySeconds(consecutiveFailures, settings);
  const jitter = (random() * 2 - 1) * jitterRatio * base;
  return new Date(now.getTime() + Math.round((base + jitter) * 1000));
}
