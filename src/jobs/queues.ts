/**
 * The project's pg-boss queues and their policies, in one place.
 * - checks: every scheduled and manual check. `notify` wakes idle workers at once (a manual
 *   check shows up within milliseconds); polling stays as the backstop.
 * - alerts: one job per alert delivery, retried with exponential backoff (5 attempts over
 *   ~30 minutes) unless the channel says the failure is permanent. Each job also carries the
 *   policy itself (alert-queue.ts) so ALERT_RETRY_DELAY_SECONDS applies to existing queues.
 * - maintenance: cron-driven housekeeping (partitions, retention, rollups).
 */
import type { Queue } from 'pg-boss';

export const queueNames = { checks: 'checks', alerts: 'alerts', maintenance: 'maintenance' } as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export const queueDefinitions: Record<QueueName, Omit<Queue, 'name'>> = {
  checks: {
    notify: true,
    // Workers heartbeat their active checks; a job whose worker was killed misses its heartbeat
    // and is retried by another instance within ~10-20 s (instead of waiting for expiry).
    heartbeatSeconds: 10,
    // Upper bound for a check (its own timeout is at most 120 s).
    expireInSeconds: 300,
    retryLimit: 2,
    retryDelay: 5,
    retentionSeconds: 3600,
    deleteAfterSeconds: 3600,
  },
  alerts: {
    notify: true,
    // An attempt's send timeout is 30 s; expiry only catches a worker that died mid-attempt.
    expireInSeconds: 120,
    retryLimit: 4,
    retryDelay: 80,
    retryBackoff: true,
    retryDelayMax: 1280,
    deleteAfterSeconds: 7 * 86_400,
  },
  maintenance: {
    expireInSeconds: 900,
    retryLimit: 1,
    deleteAfterSeconds: 86_400,
  },
};
