import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { handleCheckJob } from '../../src/jobs/check-worker.ts';

let app: TestApp;
let api: ReturnType<typeof apiClient>;
let target: SwitchableTarget;

before(async () => {
  target = await startSwitchableTarget();
  app = await startTestApp({ env: { CHECK_INTERVAL_SECONDS: '60', CHECK_MAX_INTERVAL_SECONDS: '600', CHECK_TIMEOUT_MS: '2000' } });
  api = apiClient(app.url);
});

after(async () => {
  await app.close();
  await target.close();
});

/** Scheduled (non-manual) check jobs waiting for an integration, straight from pg-boss's table. */
async function pendingScheduledJobs(slug: string): Promise<string[]> {
  const { rows } = await app.context.db.pool.query<{ id: string }>(
    `SELECT j.id FROM pgboss.job j JOIN integrations i ON (j.data->>'integrationId')::int = i.id
      WHERE j.name = 'checks' AND i.slug = $1 AND j.state IN ('created', 'retry') AND j.data->>'manual' IS NULL`,
    [slug],
  );
  return rows.map((row) => row.id);
}

async function state(slug: string) {
  const { rows } = await app.context.db.pool.query(
    'SELECT status, consecutive_failures, last_checked_at, next_check_at, scheduled_job_id FROM integrations WHERE slug = $1',
    [slug],
  );
  return rows[0] as { status: string; consecutive_failures: number; last_checked_at: Date | null; next_check_at: Date | null; scheduled_job_id: string | null };
}

async function resultCount(slug: string): Promise<number> {
  const { rows } = await app.context.db.pool.query('SELECT count(*)::int AS n FROM check_results r JOIN integrations i ON i.id = r.integration_id WHERE i.slug = $1', [slug]);
  return rows[0].n;
}

const delaySeconds = (s: { last_checked_at: Date | null; next_check_at: Date | null }) => (s.next_check_at!.getTime() - s.last_checked_at!.getTime()) / 1000;

describe('one pending schedule per integration', () => {
  test('a new integration has exactly one pending scheduled check, pointed to by its row', async () => {
    const created = await api.post('/api/v1/integrations', { slug: 'one', name: 'One', kind: 'http', config: { url: target.url }, paused: true });
    assert.equal(created.status, 201);
    assert.deepEqual(await pendingScheduledJobs('one'), []);
    await api.patch('/api/v1/integrations/one', { paused: false });
    // The check is due at once, so a worker may already hold it (active): at most one waits.
    assert.ok((await pendingScheduledJobs('one')).length <= 1);
    assert.ok((await state('one')).scheduled_job_id);
  });

  test('after it runs there is again exactly one pending check — the next one', async () => {
    await waitFor(async () => (await state('one')).last_checked_at, 10_000, 'first result');
    const jobs = await waitFor(async () => {
      const list = await pendingScheduledJobs('one');
      return list.length === 1 ? list : undefined;
    }, 5_000, 'the next schedule');
    assert.equal((await state('one')).scheduled_job_id, jobs[0]);
  });

  test('editing replaces the schedule instead of adding one', async () => {
    const before = await pendingScheduledJobs('one');
    await api.patch('/api/v1/integrations/one', { intervalSeconds: 120 });
    const after = await pendingScheduledJobs('one');
    assert.ok(after.length <= 1);
    assert.notDeepEqual(after, before);
  });

  test('pausing removes the schedule and shows status paused; resuming brings back exactly one', async () => {
    await api.patch('/api/v1/integrations/one', { paused: true });
    assert.deepEqual(await pendingScheduledJobs('one'), []);
    assert.equal((await state('one')).status, 'paused');
    const checksBefore = await resultCount('one');
    await api.patch('/api/v1/integrations/one', { paused: false });
    assert.ok((await pendingScheduledJobs('one')).length <= 1);
    await waitFor(async () => (await resultCount('one')) > checksBefore, 10_000, 'a check after resuming');
    assert.equal((await pendingScheduledJobs('one')).length, 1);
  });

  test('deleting removes the schedule', async () => {
    const { rows } = await app.context.db.pool.query("SELECT id FROM integrations WHERE slug = 'one'");
    await api.delete('/api/v1/integrations/one');
    const left = await app.context.db.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checks' AND (data->>'integrationId')::int = $1 AND state IN ('created', 'retry')",
      [rows[0].id],
    );
    assert.equal(left.rows[0].n, 0);
  });
});

describe('adaptive interval', () => {
  test('after a failure the next check is twice the interval away (±10 % jitter)', async () => {
    target.setStatus(503);
    await api.post('/api/v1/integrations', { slug: 'flappy', name: 'Flappy', kind: 'http', config: { url: target.url } });
    const first = await waitFor(async () => {
      const s = await state('flappy');
      return s.consecutive_failures === 1 && s.next_check_at ? s : undefined;
    }, 10_000, 'first failure');
    assert.equal(first.status, 'down');
    const delay = delaySeconds(first);
    assert.ok(delay >= 108 && delay <= 132, `delay ${delay}`);
  });

  test('a second consecutive failure doubles it again', async () => {
    // Editing the config reschedules the check for now; the failure count carries on.
    await api.patch('/api/v1/integrations/flappy', { config: { keyword: 'ok' } });
    const second = await waitFor(async () => {
      const s = await state('flappy');
      return s.consecutive_failures === 2 ? s : undefined;
    }, 10_000, 'second failure');
    const delay = delaySeconds(second);
    assert.ok(delay >= 216 && delay <= 264, `delay ${delay}`);
  });

  test('the first success goes back to the interval', async () => {
    target.setStatus(200);
    await api.patch('/api/v1/integrations/flappy', { config: { keyword: null } });
    const healed = await waitFor(async () => {
      const s = await state('flappy');
      return s.status === 'up' ? s : undefined;
    }, 10_000, 'recovery');
    assert.equal(healed.consecutive_failures, 0);
    const delay = delaySeconds(healed);
    assert.ok(delay >= 54 && delay <= 66, `delay ${delay}`);
  });
});

describe('stale jobs', () => {
  test('a scheduled job that is no longer the integration’s schedule is dropped without running', async () => {
    const s = await state('flappy');
    const { rows } = await app.context.db.pool.query("SELECT id FROM integrations WHERE slug = 'flappy'");
    const countBefore = await resultCount('flappy');
    const requestsBefore = target.requests;
    await handleCheckJob(app.context, { id: '00000000-0000-4000-8000-000000000000', name: 'checks', data: { integrationId: rows[0].id } } as never);
    assert.equal(await resultCount('flappy'), countBefore);
    assert.equal(target.requests, requestsBefore);
    assert.equal((await state('flappy')).scheduled_job_id, s.scheduled_job_id);
  });
});
