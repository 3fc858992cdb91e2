/**
 * Housekeeping on the `maintenance` queue, driven by pg-boss cron (one schedule per task, shared
 * by every instance, so each run happens once):
 * - partitions: create day partitions a week ahead; past HISTORY_RETENTION_DAYS, roll up any hour
 *   not rolled up yet, then drop the day's partition and its rows in the default partition
 *   (src/analytics/retention.ts).
 * - reconcile: give every active integration a live scheduled check (repairs lost schedules).
 * - maintenance-windows: flip integrations into/out of `maintenance` as windows start and end.
 * - abandoned-alerts: mark deliveries whose job died mid-attempt as failed (retryable by hand).
 * - rollups: hourly and daily aggregates from raw history (incremental, idempotent; see
 *   src/analytics/rollup-job.ts).
 * - auth-state: delete expired sessions and finished login-limit windows.
 */
import type { AppContext } from '../context.ts';
import { ensurePartitions, startOfUtcDay } from '../store/partitions.ts';
import { applyRetention } from '../analytics/retention.ts';
import { runRollups } from '../analytics/rollup-job.ts';
import { failAbandonedDeliveries } from '../store/alert-deliveries.ts';
import { sweepAuthState } from '../services/auth-housekeeping.ts';
import { syncMaintenanceStatuses } from './maintenance-status.ts';
import { queueNames } from './queues.ts';
import { reconcileSchedules } from './scheduler.ts';

export type MaintenanceTask = 'partitions' | 'reconcile' | 'maintenance-windows' | 'rollups' | 'abandoned-alerts' | 'auth-state';

export const partitionDaysAhead = 8;

const crons: Record<MaintenanceTask, string> = {
  partitions: '7 * * * *',
  reconcile: '* * * * *',
  // Cron's finest step: a window's start or end shows within a minute without any result.
  'maintenance-windows': '* * * * *',
  'abandoned-alerts': '*/10 * * * *',
  // Every 5 minutes: the raw tail that queries read beyond the last rolled-up hour stays short.
  rollups: '*/5 * * * *',
  'auth-state': '23 * * * *',
};

export async function runMaintenanceTask(app: AppContext, task: MaintenanceTask): Promise<void> {
  const now = app.clock();
  switch (task) {
    case 'partitions': {
      const created = await ensurePartitions(app.db.pool, now, partitionDaysAhead);
      const { hoursRolledUp, dropped, pruned } = await applyRetention(app.db.pool, { now, retentionDays: app.config.historyRetentionDays, keep: app.keepPartition });
      if (created.length || dropped.length || pruned.length) app.log.info({ created, dropped, pruned, hoursRolledUp }, 'history partitions maintained');
      return;
    }
    case 'reconcile': {
      if (!app.config.monitoringEnabled) return;
      const repaired = await reconcileSchedules(app.db.pool, app.boss, now);
      if (repaired > 0) app.log.info({ repaired }, 'scheduled integrations that had no pending check');
      return;
    }
    case 'maintenance-windows': {
      await syncMaintenanceStatuses(app);
      return;
    }
    case 'abandoned-alerts': {
      // Longer than the longest backoff wait (16 × the retry delay) plus a job's expiry, with room.
      const untouched = 16 * app.config.alertDelivery.retryDelaySeconds + 3600;
      const failed = await failAbandonedDeliveries(app.db.pool, untouched);
      if (failed > 0) app.log.warn({ failed }, 'alert deliveries without a recorded outcome were marked failed');
      return;
    }
    case 'auth-state': {
      const swept = await sweepAuthState(app);
      if (swept.sessions || swept.rateLimits) app.log.debug(swept, 'expired sessions and login counters deleted');
      return;
    }
    case 'rollups': {
      // Hours whose raw rows may already be gone (past retention) are never recomputed.
      const retentionStart = startOfUtcDay(new Date(now.getTime() - app.config.historyRetentionDays * 86_400_000));
      const run = await runRollups(app.db.pool, now, { notBefore: new Date(retentionStart.getTime() + 86_400_000) });
      if (run.hoursWritten > 0) app.log.debug({ ...run }, 'rollups built');
      if (!run.complete) app.log.info({ ...run }, 'rollups catching up; the next run continues');
      return;
    }
  }
}

export async function startMaintenance(app: AppContext): Promise<void> {
  for (const [task, cron] of Object.entries(crons)) {
    await app.boss.schedule(queueNames.maintenance, cron, { task }, { key: task, singletonKey: task });
  }
  await app.boss.work<{ task: MaintenanceTask }>(queueNames.maintenance, { pollingIntervalSeconds: 5 }, async (jobs) => {
    for (const job of jobs) await runMaintenanceTask(app, job.data.task);
  });
}
