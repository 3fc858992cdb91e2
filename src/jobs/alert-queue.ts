/**
 * How alert delivery jobs are enqueued: always inside the caller's transaction (the delivery row
 * and its job commit together, so an alert is never lost), with the retry policy on each job.
 *
 * Retries: 5 attempts. pg-boss's backoff waits retryDelay × (2^n/2 … 2^n) before retry n, so the
 * four waits add up to 15–30 × retryDelay (22.5 × on average): the default 80 s gives ~30 minutes.
 * The policy is set per job rather than only on the queue because a queue keeps the settings it
 * was created with, and ALERT_RETRY_DELAY_SECONDS must take effect on an existing database.
 */
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import { bossExecutor } from '../store/sql.ts';
import { queueNames } from './queues.ts';

export const alertAttempts = 5;
export const alertRetryLimit = alertAttempts - 1;

export interface AlertJobData {
  deliveryId: number;
}

export function alertJobRetryOptions(config: Pick<Config, 'alertDelivery'>) {
  const delay = config.alertDelivery.retryDelaySeconds;
  return { retryLimit: alertRetryLimit, retryDelay: delay, retryBackoff: true, retryDelayMax: delay * 16 };
}

/** One job per delivery id, written through the open transaction `client`. */
export async function enqueueAlertDeliveries(client: pg.PoolClient, boss: PgBoss, config: Pick<Config, 'alertDelivery'>, deliveryIds: readonly number[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  const options = alertJobRetryOptions(config);
  await boss.insert(
    queueNames.alerts,
    deliveryIds.map((deliveryId) => ({ data: { deliveryId } satisfies AlertJobData, ...options })),
    { db: bossExecutor(client) },
  );
}
