/**
 * The `checks` queue handler: load the integration, run its kind, record the result. Scheduled
 * jobs that are no longer the integration's schedule (edited, paused, deleted, already recorded
 * by a worker that died before completing the job) are dropped without running.
 */
import type { Job } from 'pg-boss';
import type { AppContext } from '../context.ts';
import { getCheckKind } from '../checks/registry.ts';
import { runCheck } from '../checks/runner.ts';
import { recordResult, type ResultToRecord } from '../store/record-result.ts';
import { ResultRecorder } from './result-recorder.ts';
import { queueNames } from './queues.ts';
import { rescheduleIfCurrent, type CheckJobData } from './scheduler.ts';
import { nextDueAt } from './schedule-math.ts';
import { scheduleSettingsFor } from '../services/integration-settings.ts';
import { loadRunnableConfigOrProblem, saveLearnedSecrets } from '../services/integration-secrets.ts';

export async function startCheckWorkers(app: AppContext, shutdownSignal: AbortSignal): Promise<void> {
  const concurrency = app.config.checks.concurrency;
  // Two fetch loops, each taking up to half the concurrency per batch: a slow check in one batch
  // does not stall all fetching, and a full batch makes pg-boss fetch again at once.
  const workers = Math.min(2, concurrency);
  const batchSize = Math.max(1, Math.ceil(concurrency / workers));
  const recorder = new ResultRecorder(app.db.pool, app.boss, app.resultHooks);
  const record = (input: ResultToRecord) => recorder.record(input);
  // Future-dated jobs wake nobody when they fall due, so the poll interval bounds the scheduler's
  // lag: one second keeps it well under the 2 s goal at two cheap indexed queries a second.
  await app.boss.work<CheckJobData>(
    queueNames.checks,
    { localConcurrency: workers, batchSize, burstWhenBatchFull: batchSize > 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
    async (jobs) => {
      // One query loads the batch's integrations; each check then runs and records on its own.
      const integrations = await loadIntegrations(app, jobs);
      await Promise.all(jobs.map((job) => handleCheckJob(app, job, shutdownSignal, { integration: integrations.get(job.data.integrationId) ?? null, record })));
    },
  );
}

type Integration = NonNullable<Awaited<ReturnType<AppContext['db']['prisma']['integration']['findUnique']>>>;

async function loadIntegrations(app: AppContext, jobs: Job<CheckJobData>[]): Promise<Map<number, Integration>> {
  const ids = [...new Set(jobs.map((job) => job.data.integrationId))];
  const rows = await app.db.prisma.integration.findMany({ where: { id: { in: ids } } });
  return new Map(rows.map((row) => [row.id, row]));
}

export interface CheckJobOptions {
  /** The integration, already loaded with its batch (null: gone). Read here when absent. */
  integration?: Integration | null;
  /** Where the result goes; default: its own transaction. */
  record?: (input: ResultToRecord) => Promise<unknown>;
}

export async function handleCheckJob(app: AppContext, job: Job<CheckJobData>, shutdownSignal?: AbortSignal, options: CheckJobOptions = {}): Promise<void> {
  const { integrationId, manual } = job.data;
  const integration = options.integration !== undefined ? options.integration : await app.db.prisma.integration.findUnique({ where: { id: integrationId } });
  if (!integration || integration.paused) return;
  if (!manual && integration.scheduledJobId !== job.id) return;
  const kind = getCheckKind(integration.kind);
  const schedule = scheduleSettingsFor(integration, app.config);
  const startedAt = app.clock();
  // An unknown kind or unreadable stored secrets become a recorded `down` with the reason.
  const loaded = kind ? loadRunnableConfigOrProblem(app, integration) : { problem: `Unknown check kind "${integration.kind}"` };
  const observation =
    kind && 'config' in loaded
      ? await runCheck(kind, loaded.config, {
          timeoutMs: integration.timeoutMs ?? app.config.checks.timeoutMs,
          signal: shutdownSignal,
          now: app.clock,
          saveSecrets: (patch) => saveLearnedSecrets(app, integration.id, patch),
          lastPushAt: integration.kind === 'push' ? await lastPushAt(app, integration.id, integration.createdAt) : null,
          intervalSeconds: schedule.intervalSeconds,
        })
      : { status: 'down' as const, latencyMs: 0, message: 'problem' in loaded ? loaded.problem : 'check kind missing' };
  const finishedAt = app.clock();
  if (observation === null) {
    // A passive kind with nothing new: keep the schedule going without writing history.
    if (!manual) await rescheduleIfCurrent(app.db.pool, app.boss, integration.id, job.id, nextDueAt(finishedAt, 0, schedule));
    return;
  }
  const input: ResultToRecord = {
    integrationId,
    observation,
    startedAt,
    finishedAt,
    trigger: manual ? 'manual' : 'schedule',
    jobId: job.id,
    requireScheduledJob: !manual,
    scheduleNext: !manual,
    schedule,
  };
  // The recording transaction publishes the events itself (NOTIFY inside it).
  if (options.record) await options.record(input);
  else await recordResult(app.db.pool, app.boss, input, app.resultHooks);
}

async function lastPushAt(app: AppContext, integrationId: number, createdAt: Date): Promise<Date> {
  const last = await app.db.prisma.checkResult.findFirst({
    where: { integrationId, trigger: 'push' },
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  // Before the first ping, the deadline counts from when the integration was created.
  return last?.startedAt ?? createdAt;
}
