/**
 * Stores check results and everything that follows from each in ONE transaction per batch: the
 * history rows (partitioned table), the integrations' current state, a status-change row when a
 * status changed and — for scheduled checks — the next scheduled jobs. Inside a maintenance
 * window the integration shows `maintenance` (status-change rows to and from it mark the excluded
 * time) while the result row keeps what the check observed. The row locks plus the
 * `scheduled_job_id` guard make a retried or superseded scheduled job a no-op, so every due
 * check is recorded exactly once even when a worker dies after committing. The events go out as
 * NOTIFYs inside the same transaction, so live views hear of a result exactly when it commits.
 *
 * A batch costs the same few round trips whatever its size (record-result-sql.ts); workers feed
 * it through a group-commit recorder (jobs/result-recorder.ts).
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
import { activeAmong, windowRowsFromJson } from './maintenance-windows.ts';
import { eventsOfRecorded } from '../realtime/publisher.ts';
import { withTransactionOpening, bossExecutor } from './sql.ts';
import type { CheckTrigger } from './types.ts';
import { randomUUID } from 'node:crypto';
import { openingStatements, writeBatch, type IntegrationUpdate, type LockedIntegration, type ResultRow } from './record-result-sql.ts';

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

/** Integration columns a hook wants changed; written by the batch's own UPDATE (no extra round trip). */
export interface IntegrationChanges {
  /** New `alert_state` (a JSON-serialisable object). */
  alertState?: Record<string, unknown>;
}

/** Work other modules add to the same transaction (e.g. enqueueing alert deliveries). */
export type InTransactionHook = (client: pg.PoolClient, recorded: RecordedResult, integration: RecordedIntegration) => Promise<IntegrationChanges | void>;

export async function recordResult(pool: pg.Pool, boss: PgBoss, input: ResultToRecord, hooks: InTransactionHook[] = []): Promise<RecordedResult | null> {
  return (await recordResults(pool, boss, [input], hooks))[0] ?? null;
}

/**
 * Records `inputs` in order, in one transaction; null for an input that no longer applies (paused
 * or deleted integration, superseded scheduled job). Several results for one integration see each
 * other's effects, as if recorded one after another.
 */
export async function recordResults(pool: pg.Pool, boss: PgBoss, inputs: readonly ResultToRecord[], hooks: InTransactionHook[] = []): Promise<(RecordedResult | null)[]> {
  if (inputs.length === 0) return [];
  const ids = [...new Set(inputs.map((input) => input.integrationId))];
  return withTransactionOpening(pool, openingStatements(ids, inputs.length), async (client, [locked, drawn]) => {
    const rows = new Map((locked!.rows as LockedIntegration[]).map((row) => [row.id, row]));
    const resultIds = (drawn!.rows as { id: number }[]).map((row) => row.id);
    const recorded: (RecordedResult | null)[] = [];
    const results: ResultRow[] = [];
    const updates = new Map<number, IntegrationUpdate>();
    const jobs = new Map<string, { id: string; data: { integrationId: number }; startAfter?: Date }>();
    const cancelled: string[] = [];
    for (const [index, input] of inputs.entries()) {
      const current = rows.get(input.integrationId);
      if (!current || current.paused || (input.requireScheduledJob && current.scheduled_job_id !== input.jobId)) {
        recorded.push(null);
        continue;
      }
      const one = await recordOne(client, input, current, resultIds[index]!, hooks);
      recorded.push(one.recorded);
      results.push(one.result);
      if (one.job) jobs.set(one.job.id, one.job);
      // A job this batch was about to create is simply not created; an existing one is cancelled.
      if (one.supersedes && !jobs.delete(one.supersedes)) cancelled.push(one.supersedes);
      // The next input for this integration (and the final UPDATE) start from the new state.
      const update = one.update;
      update.certificateDays ??= updates.get(current.id)?.certificateDays ?? null;
      update.alertState ??= updates.get(current.id)?.alertState ?? null;
      updates.set(current.id, update);
      Object.assign(current, {
        status: update.status,
        status_since: update.statusSince,
        consecutive_failures: update.consecutiveFailures,
        consecutive_successes: update.consecutiveSuccesses,
        scheduled_job_id: update.scheduledJobId,
        next_check_at: update.nextCheckAt,
        ...(update.alertState === null ? {} : { alert_state: update.alertState }),
      });
    }
    if (results.length === 0) return recorded;
    if (jobs.size > 0) await boss.insert(queueNames.checks, [...jobs.values()], { db: bossExecutor(client) });
    if (cancelled.length > 0) await boss.cancel(queueNames.checks, cancelled, { db: bossExecutor(client) });
    const events = recorded.flatMap((entry) => (entry ? eventsOfRecorded(entry) : []));
    await writeBatch(client, results, [...updates.values()], events);
    return recorded;
  });
}

/** One input against its locked row: the result row, the new state, the next job, the hooks. */
async function recordOne(client: pg.PoolClient, input: ResultToRecord, current: LockedIntegration, resultId: number, hooks: InTransactionHook[]) {
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

  let statusChange: RecordedResult['statusChange'] = null;
  if (next.changed) {
    // Rare (a status change), so one statement each is fine; the alert hook needs its id.
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
  let job: { id: string; data: { integrationId: number }; startAfter?: Date } | undefined;
  if (input.scheduleNext) {
    nextCheckAt = nextDueAt(input.finishedAt, next.consecutiveFailures, input.schedule);
    scheduledJobId = randomUUID();
    job = { id: scheduledJobId, data: { integrationId: input.integrationId }, ...startAfterOption(nextCheckAt) };
  }
  // The job that ran this check is completed by pg-boss; an older pending one (a push deadline,
  // a reschedule race, an earlier result of this batch) is superseded so exactly one remains.
  const supersedes = job && current.scheduled_job_id && current.scheduled_job_id !== input.jobId ? current.scheduled_job_id : null;

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
  // Hooks run before the batch's UPDATE, so the columns they change go out in that statement.
  let alertState: Record<string, unknown> | null = null;
  for (const hook of hooks) {
    const changes = await hook(client, recorded, current);
    if (changes?.alertState !== undefined) alertState = changes.alertState;
  }
  const result: ResultRow = {
    id: resultId,
    integrationId: input.integrationId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    status: observation.status,
    latencyMs,
    message,
    details: observation.details ?? null,
    trigger: input.trigger,
    jobId: input.jobId,
  };
  const daysRemaining = observation.details?.daysRemaining;
  const update: IntegrationUpdate = {
    id: current.id,
    status: next.status,
    statusSince: next.statusSince,
    lastCheckedAt: input.finishedAt,
    lastLatencyMs: latencyMs,
    lastMessage: message,
    consecutiveFailures: next.consecutiveFailures,
    consecutiveSuccesses: next.consecutiveSuccesses,
    nextCheckAt,
    scheduledJobId,
    certificateDays: typeof daysRemaining === 'number' ? Math.floor(daysRemaining) : null,
    alertState,
  };
  return { recorded, result, update, job, supersedes };
}
