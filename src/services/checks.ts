/**
 * "Check now" and push pings: the two ways a result arrives outside the schedule.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { queueNames } from '../jobs/queues.ts';
import { manualCheckPriority, type CheckJobData } from '../jobs/scheduler.ts';
import { recordResult } from '../store/record-result.ts';
import { bossExecutor, withTransaction } from '../store/sql.ts';
import { findBySlugOrThrow, hashPushToken } from './integrations.ts';
import { scheduleSettingsFor } from './integration-settings.ts';

export interface ManualCheckRequest {
  jobId: string;
  slug: string;
  requestedAt: Date;
}

/**
 * Queues a manual check ahead of scheduled work. At most one per cooldown per integration across
 * every instance: the limit is a conditional UPDATE on the row, judged by the database clock.
 */
export async function requestManualCheck(app: AppContext, slug: string): Promise<ManualCheckRequest> {
  const integration = await findBySlugOrThrow(app, slug);
  if (integration.paused) throw new AppError('conflict', `Integration "${slug}" is paused; resume it to check it`);
  if (!app.config.monitoringEnabled) throw new AppError('unavailable', 'Checks are disabled on this server (HEALTH_MONITORING_ENABLED=false)');
  const cooldown = app.config.checks.manualCooldownSeconds;
  return withTransaction(app.db.pool, async (client) => {
    const claimed = await client.query<{ last_manual_check_at: Date }>(
      `UPDATE integrations SET last_manual_check_at = now()
        WHERE id = $1 AND (last_manual_check_at IS NULL OR last_manual_check_at <= now() - make_interval(secs => $2))
        RETURNING last_manual_check_at`,
      [integration.id, cooldown],
    );
    if (claimed.rowCount === 0) {
      const wait = await client.query<{ seconds: number }>(
        // now() is this transaction's start, which can precede the winning request's claim: cap the
        // wait at the cooldown itself.
        `SELECT LEAST($2::int, GREATEST(1, CEIL(EXTRACT(EPOCH FROM (last_manual_check_at + make_interval(secs => $2::int) - now())))))::int AS seconds
           FROM integrations WHERE id = $1`,
        [integration.id, cooldown],
      );
      const seconds = wait.rows[0]?.seconds ?? cooldown;
      throw new AppError('rate_limited', `A manual check of "${slug}" ran recently; the next one is allowed in ${seconds} s`, { retryAfter: seconds });
    }
    const jobId = randomUUID();
    const data: CheckJobData = { integrationId: integration.id, manual: true };
    await app.boss.send(queueNames.checks, data, { id: jobId, priority: manualCheckPriority, retryLimit: 0, db: bossExecutor(client) });
    return { jobId, slug, requestedAt: claimed.rows[0]!.last_manual_check_at };
  });
}

export type ManualCheckState =
  | { state: 'queued' | 'running' }
  | { state: 'completed'; result: { id: number; status: string; latencyMs: number | null; message: string; finishedAt: string } }
  | { state: 'failed'; message: string };

/** Follows a manual check by its job id: the stored result once it exists, else the job state. */
export async function getManualCheck(app: AppContext, slug: string, jobId: string): Promise<ManualCheckState> {
  if (!z.uuid().safeParse(jobId).success) throw new AppError('not_found', `No check ${jobId}`);
  const integration = await findBySlugOrThrow(app, slug);
  const result = await app.db.prisma.checkResult.findFirst({
    where: { integrationId: integration.id, jobId, startedAt: { gte: new Date(app.clock().getTime() - 86_400_000) } },
  });
  if (result) {
    return { state: 'completed', result: { id: Number(result.id), status: result.status, latencyMs: result.latencyMs, message: result.message, finishedAt: result.finishedAt.toISOString() } };
  }
  const job = await app.boss.getJobById<CheckJobData>(queueNames.checks, jobId);
  if (!job || job.data.integrationId !== integration.id) throw new AppError('not_found', `No check ${jobId} for "${slug}"`);
  if (job.state === 'active') return { state: 'running' };
  if (job.state === 'failed' || job.state === 'cancelled') return { state: 'failed', message: `check ${job.state}` };
  return { state: job.state === 'completed' ? 'running' : 'queued' };
}

export const pushInputSchema = z.object({
  status: z.enum(['up', 'down', 'degraded']).default('up').describe('What the pinging job reports.'),
  msg: z.string().max(300).optional().describe('A short message stored with the result.'),
  latencyMs: z.coerce.number().int().min(0).max(86_400_000).optional().describe('How long the job took, if it wants that recorded.'),
});

/** Records a push ping as a result and moves the integration's "no ping" deadline. */
export async function recordPush(app: AppContext, token: string, input: unknown): Promise<{ slug: string; status: string }> {
  const parsed = pushInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const integration = await app.db.prisma.integration.findUnique({ where: { pushTokenHash: hashPushToken(token) } });
  if (!integration) throw new AppError('not_found', 'Unknown push token');
  if (integration.paused) throw new AppError('conflict', 'This integration is paused; the ping was not recorded');
  const graceSeconds = typeof (integration.config as { graceSeconds?: unknown }).graceSeconds === 'number' ? (integration.config as { graceSeconds: number }).graceSeconds : 60;
  const deadline = scheduleSettingsFor(integration, app.config).intervalSeconds + graceSeconds;
  const now = app.clock();
  const { status, msg, latencyMs } = parsed.data;
  await recordResult(
    app.db.pool,
    app.boss,
    {
      integrationId: integration.id,
      observation: { status, latencyMs: latencyMs ?? 0, message: msg ?? (status === 'up' ? 'Ping received' : `Ping reported ${status}`) },
      startedAt: now,
      finishedAt: now,
      trigger: 'push',
      jobId: null,
      requireScheduledJob: false,
      scheduleNext: true,
      // The deadline check runs one interval + grace after the latest ping; no backoff.
      schedule: { intervalSeconds: deadline, maxIntervalSeconds: deadline },
    },
    app.resultHooks,
  );
  return { slug: integration.slug, status };
}
