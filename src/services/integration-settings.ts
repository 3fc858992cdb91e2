/** Per-integration settings with the global defaults from config filled in. */
import type { Config } from '../config.ts';
import type { ScheduleSettings } from '../jobs/schedule-math.ts';

export function scheduleSettingsFor(
  integration: { intervalSeconds: number | null; maxIntervalSeconds: number | null },
  config: Pick<Config, 'checks'>,
): ScheduleSettings {
  const intervalSeconds = integration.intervalSeconds ?? config.checks.intervalSeconds;
  return {
    intervalSeconds,
    maxIntervalSeconds: Math.max(intervalSeconds, integration.maxIntervalSeconds ?? config.checks.maxIntervalSeconds),
  };
}
