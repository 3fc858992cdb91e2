/**
 * Housekeeping on the `maintenance` queue, driven by pg-boss cron (one schedule per task, shared
 * by every instance, so each run happens once):
 * - partitions: create day partitions a week ahead; drop those past HISTORY_RETENTION_DAYS.
 * - reconcile: give every active integration a live scheduled check (repairs lost schedules).
 */
import type { AppContext } from '../context.ts';
import { ensurePartitions, dropPartitionsBefore } from '../store/partitions.ts';
import { queueNames } from './queues.ts';
import { reconcileSchedules } from './scheduler.ts';

export type MaintenanceTask = 'partitions' | 'reconcile';

export const partitionDaysAhead = 8;

const crons: Record<MaintenanceTask, string> = {
  partitions: '7 * * * *',
  reconcile: '* * * * *',
};

export async function runMaintenanceTask(app: AppContext, task: MaintenanceTask): Promise<void> {
  const now = app.clock();
  switch (task) {
    case 'partitions': {
      const created = await ensurePartitions(app.db.pool, now, partitionDaysAhead);
      const cutoff = new Date(now.getTime() - app.config.historyRetentionDays * 86_400_000);
      const dropped = await dropPartitionsBefore(app.db.pool, cutoff, app.keepPartition);
      if (created.length || dropped.length) app.log.info({ created, dropped }, 'history partitions maintained');
      return;
    }
    case 'reconcile': {
      if (!app.config.monitoringEnabled) return;
      const repaired = await reconcileSchedules(app.db.pool, app.boss, now);
      if (repaired > 0) app.log.info({ repaired }, 'scheduled integrations that had no pending check');
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
