/**
 * The two statements that carry a batch of results (see record-result.ts): one opens the
 * transaction, locks the integrations and draws result ids; one writes every history row, every
 * integration's new state and every event's NOTIFY. A batch of any size costs the same two round
 * trips, plus the pg-boss insert and COMMIT.
 */
import type pg from 'pg';
import type { Status } from '../domain/status.ts';
import type { AppEvent } from '../realtime/events.ts';
import { notifyQuery } from '../realtime/publisher.ts';
import { applicableWindowsJsonSql } from './maintenance-windows.ts';
import type { RecordedIntegration } from './record-result.ts';
import type { CheckTrigger } from './types.ts';

export interface LockedIntegration extends RecordedIntegration {
  paused: boolean;
  status: Status;
  status_since: Date;
  consecutive_failures: number;
  consecutive_successes: number;
  scheduled_job_id: string | null;
  next_check_at: Date | null;
  /** The maintenance windows that apply to it (JSON array, see applicableWindowsJsonSql). */
  windows: unknown;
}

/**
 * BEGIN, the row locks (in id order, so two batches sharing integrations wait instead of
 * deadlocking) and `count` result ids, as one simple-protocol string: it takes no parameters, so
 * only checked integers are inlined.
 */
export function openingStatements(integrationIds: readonly number[], count: number): string {
  for (const id of [...integrationIds, count]) if (!Number.isSafeInteger(id)) throw new TypeError(`expected an integer, got ${String(id)}`);
  return `BEGIN;
    SELECT i.id, i.slug, i.name, i.kind, COALESCE(i.tags, '{}') AS tags, i.paused, i.status, i.status_since, i.consecutive_failures,
           i.consecutive_successes, i.scheduled_job_id, i.next_check_at, i.alert_state, i.alert_policy,
           ${applicableWindowsJsonSql('i')} AS windows
      FROM integrations i WHERE i.id IN (${integrationIds.join(', ')}) ORDER BY i.id FOR UPDATE OF i;
    SELECT nextval('check_results_id_seq') AS id FROM generate_series(1, ${count})`;
}

export interface ResultRow {
  id: number;
  integrationId: number;
  startedAt: Date;
  finishedAt: Date;
  status: Status;
  latencyMs: number | null;
  message: string;
  details: Record<string, unknown> | null;
  trigger: CheckTrigger;
  jobId: string | null;
}

/** An integration's state after the last of its results in the batch. */
export interface IntegrationUpdate {
  id: number;
  status: Status;
  statusSince: Date;
  lastCheckedAt: Date;
  lastLatencyMs: number | null;
  lastMessage: string;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  nextCheckAt: Date | null;
  scheduledJobId: string | null;
  certificateDays: number | null;
  /** Null keeps the stored state. */
  alertState: Record<string, unknown> | null;
}

/**
 * History rows, integration states and NOTIFYs in one statement (data-modifying WITHs always
 * run). NOTIFY inside the transaction reaches every instance's listener at commit, and never if
 * the transaction rolls back.
 */
export async function writeBatch(client: pg.PoolClient, results: readonly ResultRow[], updates: readonly IntegrationUpdate[], events: readonly AppEvent[]): Promise<void> {
  const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => rows.map(pick);
  const notify = notifyQuery(events, 23);
  await client.query(
    `WITH inserted AS (
       INSERT INTO check_results (id, integration_id, started_at, finished_at, status, latency_ms, message, details, trigger, job_id)
       SELECT r.id, r.integration_id, r.started_at, r.finished_at, r.status::"Status", r.latency_ms, r.message, r.details::jsonb, r.trigger::"CheckTrigger", r.job_id
         FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::uuid[])
              AS r(id, integration_id, started_at, finished_at, status, latency_ms, message, details, trigger, job_id)),
     updated AS (
       UPDATE integrations i SET status = u.status::"Status", status_since = u.status_since, last_checked_at = u.last_checked_at,
              last_latency_ms = u.last_latency_ms, last_message = u.last_message, consecutive_failures = u.consecutive_failures,
              consecutive_successes = u.consecutive_successes, next_check_at = u.next_check_at, scheduled_job_id = u.scheduled_job_id,
              certificate_days_remaining = COALESCE(u.certificate_days, i.certificate_days_remaining),
              alert_state = COALESCE(u.alert_state::jsonb, i.alert_state)
         FROM unnest($11::int[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::int[], $16::text[], $17::int[], $18::int[],
                     $19::timestamptz[], $20::uuid[], $21::int[], $22::text[])
              AS u(id, status, status_since, last_checked_at, last_latency_ms, last_message, consecutive_failures, consecutive_successes,
                   next_check_at, scheduled_job_id, certificate_days, alert_state)
        WHERE i.id = u.id)
     ${notify.text}`,
    [
      column(results, (r) => r.id), column(results, (r) => r.integrationId), column(results, (r) => r.startedAt), column(results, (r) => r.finishedAt),
      column(results, (r) => r.status), column(results, (r) => r.latencyMs), column(results, (r) => r.message),
      column(results, (r) => (r.details === null ? null : JSON.stringify(r.details))), column(results, (r) => r.trigger), column(results, (r) => r.jobId),
      column(updates, (u) => u.id), column(updates, (u) => u.status), column(updates, (u) => u.statusSince), column(updates, (u) => u.lastCheckedAt),
      column(updates, (u) => u.lastLatencyMs), column(updates, (u) => u.lastMessage), column(updates, (u) => u.consecutiveFailures),
      column(updates, (u) => u.consecutiveSuccesses), column(updates, (u) => u.nextCheckAt), column(updates, (u) => u.scheduledJobId),
      column(updates, (u) => u.certificateDays), column(updates, (u) => (u.alertState === null ? null : JSON.stringify(u.alertState))),
      ...notify.values,
    ],
  );
}
