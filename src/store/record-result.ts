/**
 * Stores one check result and everything that follows from it in ONE transaction: the history
 * row (partitioned table), the integration's current state, a status-change row when the status
 * changed and — for scheduled checks — the next scheduled job. Inside a maintenance window the
 * integration shows `maintenance` (status-change rows to and from it mark the excluded time)
 * while the result row keeps what the check observed. The row lock plus the
 * `scheduled_job_id` guard make a retried or superseded scheduled job a no-op, so every due
 * check is recorded exactly once even when a worker dies after committing. The events go out as
 * NOTIFYs inside the same transaction, so live views hear of a result exactly when it commits.
 */
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { Observation } from '../checks/types.ts';
import { applyObservation } from '../domain/integration-state.ts';
import type { Status } from '../domain/status.ts';
import { truncateMessage, type CheckCompletedEvent, type StatusChangedEvent } from '../realtime/events.ts';
import { queueNames } from '../jobs/queues.ts';
import { nextDueAt, type ScheduleSettings } from '../jobs/schedule-math.ts';
import { startAfterOption } from '../jobs/scheduler.ts';
import { activeAmong, applicableWindowsJsonSql, windowRowsFromJson } from './maintenance-windows.ts';
import { eventsOfRecorded, notifyQuery } from '../realtime/publisher.ts';
import { withTransactionOpening, bossExecutor } from './sql.ts';
import type { CheckTrigger } from './types.ts';
import { randomUUID } from 'node:crypto';

export interface ResultToRecord {
  integrationId: number;
  observation: Observation;
  startedAt: Date;
  finishedAt: Date;
  trigger: CheckTrigger;
  /** The pg-boss job that ran the check (null for push pings). */
  jobId: string | null;
  /** For scheduled checks: the job must still be the integration's current schedule. */
  requireScheduledJob: boolean;
  /** Schedule the next check after recording (scheduled checks and push deadlines). */
  scheduleNext: boolean;
  schedule: ScheduleSettings;
}

export interface RecordedResult {
  check: CheckCompletedEvent;
  statusChange: (StatusChangedEvent & { id: number }) | null;
  nextCheckAt: Date | null;
  /** What the check observed (`check.status` is the integration's shown status, e.g. maintenance). */
  observation: Observation;
  /** A maintenance window covered this result: alerts are silenced. */
  inMaintenance: boolean;
}

/** The integration row as locked by the result's transaction (hooks read it instead of re-reading). */
export interface RecordedIntegration {
  id: number;
  slug: string;
  name: string;
  kind: string;
  tags: string[];
  alert_state: unknown;
  alert_policy: unknown;
}

/** Integration columns a hook wants changed; written by the result's own UPDATE (no extra round trip). */
export interface IntegrationChanges {
  /** New `alert_state` as JSON text. */
  alertState?: string;
}

/** Work other modules add to the same transaction (e.g. enqueueing alert deliveries). */
export type InTransactionHook = (client: pg.PoolClient, recorded: RecordedResult, integration: RecordedIntegration) => Promise<IntegrationChanges | void>;

interface LockedIntegration extends RecordedIntegration {
  paused: boolean;
  status: Status;
  status_since: Date;
  consecutive_failures: number;
  consecutive_successes: number;
  scheduled_job_id: string | null;
  next_check_at: Date | null;
  /** The maintenance windows that apply to it (JSON array, see applicableWindowsJsonSql). */
  windows: unknown;
  /** Drawn from the sequence up front, so the row can be inserted in the final statement. */
  result_id: number;
}

export async function recordResult(
  pool: pg.Pool,
  boss: PgBoss,
  input: ResultToRecord,
  hooks: InTransactionHook[] = [],
): Promise<RecordedResult | null> {
  // One round trip opens the transaction, locks the row and reads what the rest needs: the state,
  // the alert hook's columns, the maintenance windows in scope and the new result's id.
  const integrationId = input.integrationId;
  if (!Number.isSafeInteger(integrationId)) throw new TypeError(`integration id must be an integer, got ${String(integrationId)}`);
  const lockStatement = `SELECT i.id, i.slug, i.name, i.kind, COALESCE(i.tags, '{}') AS tags, i.paused, i.status, i.status_since, i.consecutive_failures,
            i.consecutive_successes, i.scheduled_job_id, i.next_check_at, i.alert_state, i.alert_policy,
            ${applicableWindowsJsonSql('i')} AS windows, nextval('check_results_id_seq') AS result_id
       FROM integrations i WHERE i.id = ${integrationId} FOR UPDATE OF i`;
  return withTransactionOpening<LockedIntegration, RecordedResult | null>(pool, lockStatement, async (client, locked) => {
    const current = locked.rows[0];
    if (!current || current.paused) return null;
    if (input.requireScheduledJob && current.scheduled_job_id !== input.jobId) return null;

    const { observation } = input;
    const message = truncateMessage(observation.message);
    const maintenance = activeAmong(windowRowsFromJson(current.windows), input.finishedAt);
    const next = applyObservation(
      { status: current.status, statusSince: current.status_since, consecutiveFailures: current.consecutive_failures, consecutiveSuccesses: current.consecutive_successes },
      observation.status,
      input.finishedAt,
      maintenance !== null,
    );
    const latencyMs = Number.isFinite(observation.latencyMs) ? Math.max(0, Math.round(observation.latencyMs)) : null;

    const resultId = current.result_id;

    let statusChange: RecordedResult['statusChange'] = null;
    if (next.changed) {
      const cause = maintenance ? truncateMessage(`maintenance window "${maintenance.window.name}"`) : message;
      const change = await client.query<{ id: number }>(
        `INSERT INTO status_changes (integration_id, from_status, to_status, at, cause) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.integrationId, current.status, next.status, input.finishedAt, cause],
      );
      statusChange = {
        id: change.rows[0]!.id,
        type: 'status.changed',
        integrationId: input.integrationId,
        slug: current.slug,
        from: current.status,
        to: next.status,
        at: input.finishedAt.toISOString(),
        cause,
      };
    }

    let scheduledJobId = current.scheduled_job_id;
    let nextCheckAt = current.next_check_at;
    if (input.scheduleNext) {
      nextCheckAt = nextDueAt(input.finishedAt, next.consecutiveFailures, input.schedule);
      scheduledJobId = randomUUID();
      await boss.send(queueNames.checks, { integrationId: input.integrationId }, { id: scheduledJobId, ...startAfterOption(nextCheckAt), db: bossExecutor(client) });
      // The job that ran this check is completed by pg-boss; an older pending one (possible after
      // a reschedule race) is cancelled here so exactly one pending schedule remains.
      if (current.scheduled_job_id && current.scheduled_job_id !== input.jobId) {
        await boss.cancel(queueNames.checks, current.scheduled_job_id, { db: bossExecutor(client) }).catch(() => undefined);
      }
    }

    const recorded: RecordedResult = {
      check: {
        type: 'check.completed',
        integrationId: input.integrationId,
        slug: current.slug,
        resultId,
        status: next.status,
        previousStatus: current.status,
        statusSince: next.statusSince.toISOString(),
        at: input.finishedAt.toISOString(),
        latencyMs,
        message,
        trigger: input.trigger,
        jobId: input.jobId,
      },
      statusChange,
      nextCheckAt,
      observation,
      inMaintenance: maintenance !== null,
    };
    // Hooks run before the row's UPDATE so the columns they change go out in that same statement.
    let alertState: string | null = null;
    for (const hook of hooks) {
      const changes = await hook(client, recorded, current);
      if (changes?.alertState !== undefined) alertState = changes.alertState;
    }
    const certificateDays = typeof observation.details?.daysRemaining === 'number' ? Math.floor(observation.details.daysRemaining) : undefined;
    const notify = notifyQuery(eventsOfRecorded(recorded), 19);
    // The history row, the integration's new state and the events' NOTIFY in one statement (data-
    // modifying WITHs always run). NOTIFY inside the transaction reaches every instance's listener
    // at commit, and never if the transaction rolls back.
    await client.query(
      `WITH inserted AS (
         INSERT INTO check_results (id, integration_id, started_at, finished_at, status, latency_ms, message, details, trigger, job_id)
         VALUES ($13, $1, $14, $4, $15, $5, $6, $16, $17, $18)),
       updated AS (
         UPDATE integrations SET status = $2, status_since = $3, last_checked_at = $4, last_latency_ms = $5, last_message = $6,
                consecutive_failures = $7, consecutive_successes = $8, next_check_at = $9, scheduled_job_id = $10,
                certificate_days_remaining = COALESCE($11, certificate_days_remaining), alert_state = COALESCE($12::jsonb, alert_state)
          WHERE id = $1)
       ${notify.text}`,
      [
        input.integrationId, next.status, next.statusSince, input.finishedAt, latencyMs, message, next.consecutiveFailures, next.consecutiveSuccesses,
        nextCheckAt, scheduledJobId, certificateDays ?? null, alertState,
        resultId, input.startedAt, observation.status, observation.details ?? null, input.trigger, input.jobId,
        ...notify.values,
      ],
    );
    return recorded;
  });
}
