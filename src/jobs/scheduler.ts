/**
 * Each integration's next scheduled check is one pg-boss job whose id is stored on the
 * integration (`scheduled_job_id`). Changing the schedule means: send a new job, point the row at
 * it and cancel the old one — in one transaction, so there is exactly one pending schedule at
 * any time. A worker that picks up a job which is no longer the row's schedule drops it.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { queueNames } from './queues.ts';
import { bossExecutor, withTransaction } from '../store/sql.ts';

export interface CheckJobData {
  integrationId: number;
  /** Present on manual checks ("check now"). */
  manual?: true;
}

/** Manual checks jump ahead of scheduled work (pg-boss fetches higher priority first). */
export const manualCheckPriority = 10;

/** Points the integration at a new scheduled job due at `dueAt` (inside the caller's transaction). */
export async function scheduleInTransaction(client: pg.PoolClient, boss: PgBoss, integrationId: number, dueAt: Date): Promise<string> {
  const previous = await client.query<{ scheduled_job_id: string | null }>('SELECT scheduled_job_id FROM integrations WHERE id = $1 FOR UPDATE', [integrationId]);
  const jobId = randomUUID();
  const data: CheckJobData = { integrationId };
  await boss.send(queueNames.checks, data, { id: jobId, ...startAfterOption(dueAt), db: bossExecutor(client) });
  await client.query('UPDATE integrations SET scheduled_job_id = $2, next_check_at = $3 WHERE id = $1', [integrationId, jobId, dueAt]);
  const old = previous.rows[0]?.scheduled_job_id;
  if (old) await cancelJob(client, boss, old);
  return jobId;
}

/**
 * A job due now is sent without `startAfter`: pg-boss then wakes idle workers through NOTIFY at
 * commit (measured: ~20 ms), whereas a job sent with a start time in a transaction waited for
 * the next poll.
 */
export function startAfterOption(dueAt: Date): { startAfter?: Date } {
  return dueAt.getTime() > Date.now() ? { startAfter: dueAt } : {};
}

/** Removes the pending schedule (pause, delete), inside the caller's transaction. */
export async function unscheduleInTransaction(client: pg.PoolClient, boss: PgBoss, integrationId: number): Promise<void> {
  const previous = await client.query<{ scheduled_job_id: string | null }>('SELECT scheduled_job_id FROM integrations WHERE id = $1 FOR UPDATE', [integrationId]);
  await client.query('UPDATE integrations SET scheduled_job_id = NULL, next_check_at = NULL WHERE id = $1', [integrationId]);
  const old = previous.rows[0]?.scheduled_job_id;
  if (old) await cancelJob(client, boss, old);
}

export async function schedule(pool: pg.Pool, boss: PgBoss, integrationId: number, dueAt: Date): Promise<string> {
  return withTransaction(pool, (client) => scheduleInTransaction(client, boss, integrationId, dueAt));
}

/** Schedules the next run only if `jobId` is still the integration's schedule (a quiet passive run). */
export async function rescheduleIfCurrent(pool: pg.Pool, boss: PgBoss, integrationId: number, jobId: string, dueAt: Date): Promise<void> {
  await withTransaction(pool, async (client) => {
    const row = await client.query<{ scheduled_job_id: string | null; paused: boolean }>(
      'SELECT scheduled_job_id, paused FROM integrations WHERE id = $1 FOR UPDATE',
      [integrationId],
    );
    const current = row.rows[0];
    if (!current || current.paused || current.scheduled_job_id !== jobId) return;
    await scheduleInTransaction(client, boss, integrationId, dueAt);
  });
}

async function cancelJob(client: pg.PoolClient, boss: PgBoss, jobId: string): Promise<void> {
  // Cancelling a job that already ran (or was never created) is fine: the guard in the worker
  // ignores stale jobs anyway. Only the savepoint keeps a failed cancel from aborting the
  // surrounding transaction.
  await client.query('SAVEPOINT cancel_job');
  try {
    await boss.cancel(queueNames.checks, jobId, { db: bossExecutor(client) });
    await client.query('RELEASE SAVEPOINT cancel_job');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT cancel_job');
  }
}

/**
 * Finds active integrations without a live scheduled job (first start, a job that exhausted its
 * retries while the database was down, a wiped queue) and schedules them. Cheap enough to run
 * every minute: one indexed anti-join.
 */
export async function reconcileSchedules(pool: pg.Pool, boss: PgBoss, now: Date, spreadSeconds = 10): Promise<number> {
  const { rows } = await pool.query<{ id: number; kind: string; interval_seconds: number | null; created_at: Date }>(
    `SELECT i.id, i.kind, i.interval_seconds, i.created_at FROM integrations i
      WHERE NOT i.paused
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j
                         WHERE j.name = $1 AND j.id = i.scheduled_job_id AND j.state IN ('created', 'retry', 'active'))`,
    [queueNames.checks],
  );
  for (const row of rows) {
    // Spread the catch-up so a thousand orphaned schedules do not fire in the same instant.
    const dueAt = new Date(now.getTime() + Math.floor(Math.random() * spreadSeconds * 1000));
    await schedule(pool, boss, row.id, dueAt);
  }
  return rows.length;
}
