/**
 * Results recorded in batches (one transaction, a few statements whatever the batch size) must
 * behave exactly as if recorded one by one: in order, several for one integration seeing each
 * other's effects, stale ones skipped, one pending schedule per integration. The group-commit
 * recorder must isolate a bad result so it fails alone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { recordResults, type ResultToRecord } from '../../src/store/record-result.ts';
import { ResultRecorder } from '../../src/jobs/result-recorder.ts';

let app: TestApp;
const ids = new Map<string, number>();
const schedule = { intervalSeconds: 60, maxIntervalSeconds: 600 };

function input(slug: string, status: 'up' | 'down', extra: Partial<ResultToRecord> = {}): ResultToRecord {
  const at = new Date();
  return {
    integrationId: ids.get(slug)!,
    observation: { status, latencyMs: 12, message: `${slug} is ${status}` },
    startedAt: at,
    finishedAt: at,
    trigger: 'manual',
    jobId: null,
    requireScheduledJob: false,
    scheduleNext: true,
    schedule,
    ...extra,
  };
}

async function row(slug: string) {
  const { rows } = await app.context.db.pool.query(
    `SELECT i.status, i.last_message, i.consecutive_failures, i.scheduled_job_id,
            (SELECT count(*)::int FROM pgboss.job j WHERE j.name = 'checks' AND j.state = 'created' AND j.data->>'integrationId' = i.id::text) AS pending,
            (SELECT count(*)::int FROM check_results r WHERE r.integration_id = i.id) AS results
       FROM integrations i WHERE i.slug = $1`,
    [slug],
  );
  return rows[0];
}

before(async () => {
  // No workers: this file drives recording itself.
  app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' }, createSelfIntegration: false });
  const api = apiClient(app.url);
  for (const slug of ['alpha', 'beta', 'gamma', 'delta']) {
    const created = await api.post('/api/v1/integrations', { slug, name: slug, kind: 'http', config: { url: 'http://127.0.0.1:9/' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  assert.equal((await api.patch('/api/v1/integrations/gamma', { paused: true })).status, 200);
  const { rows } = await app.context.db.pool.query<{ id: number; slug: string }>('SELECT id, slug FROM integrations');
  for (const entry of rows) ids.set(entry.slug, entry.id);
});
after(() => app.close());

test('one batch: in order, two results for one integration chain, a paused one is skipped', async () => {
  const { db, boss, resultHooks } = app.context;
  const recorded = await recordResults(db.pool, boss, [input('alpha', 'down'), input('beta', 'up'), input('alpha', 'up'), input('gamma', 'up')], resultHooks);
  assert.equal(recorded.length, 4);
  assert.equal(recorded[3], null, 'paused gamma is not recorded');
  const [first, second, third] = recorded;
  assert.equal(first!.check.slug, 'alpha');
  assert.equal(second!.check.slug, 'beta');
  // The second alpha result starts from the first one's state.
  assert.equal(third!.check.previousStatus, first!.check.status);
  assert.equal(new Set(recorded.filter(Boolean).map((entry) => entry!.check.resultId)).size, 3, 'distinct result ids');

  const alpha = await row('alpha');
  assert.equal(alpha.results, 2);
  assert.equal(alpha.status, third!.check.status);
  assert.equal(alpha.last_message, 'alpha is up');
  assert.equal(alpha.consecutive_failures, 0);
  assert.equal(alpha.pending, 1, 'exactly one pending schedule for alpha');
  const { rows: stored } = await db.pool.query('SELECT id, status FROM check_results WHERE integration_id = $1 ORDER BY id', [ids.get('alpha')]);
  assert.deepEqual(stored.map((entry) => entry.id), [first!.check.resultId, third!.check.resultId]);
  assert.deepEqual(stored.map((entry) => entry.status), ['down', 'up']);
  assert.equal((await row('beta')).results, 1);
  assert.equal((await row('gamma')).results, 0);
});

test('a scheduled result whose job is no longer the schedule is skipped inside a batch', async () => {
  const { db, boss, resultHooks } = app.context;
  const before = await row('beta');
  const stale = input('beta', 'down', { requireScheduledJob: true, jobId: '00000000-0000-4000-8000-000000000000', trigger: 'schedule' });
  const recorded = await recordResults(db.pool, boss, [stale, input('delta', 'up')], resultHooks);
  assert.equal(recorded[0], null);
  assert.equal(recorded[1]!.check.slug, 'delta');
  assert.deepEqual(await row('beta'), before);
});

test('a message with a NUL byte (a peer sent one) is stored without it instead of failing', async () => {
  const { db, boss, resultHooks } = app.context;
  const [recorded] = await recordResults(db.pool, boss, [input('beta', 'down', { observation: { status: 'down', latencyMs: 3, message: 'bad\u0000byte' } })], resultHooks);
  assert.equal(recorded!.check.message, 'badbyte');
  assert.equal((await row('beta')).last_message, 'badbyte');
});

test('the recorder writes queued results together, and a bad one fails alone', async () => {
  const { db, boss, resultHooks } = app.context;
  const recorder = new ResultRecorder(db.pool, boss, resultHooks, { maxInFlight: 1 });
  const before = (await row('delta')).results;
  // The first goes at once; the next four queue behind it and form one batch, which the bad one
  // (a latency beyond the column's range) makes fail, so they are retried one by one.
  const outcomes = await Promise.allSettled([
    recorder.record(input('delta', 'up')),
    recorder.record(input('delta', 'up')),
    recorder.record(input('delta', 'up', { observation: { status: 'up', latencyMs: 1e12, message: 'absurd' } })),
    recorder.record(input('delta', 'down')),
    recorder.record(input('delta', 'up')),
  ]);
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  const delta = await row('delta');
  assert.equal(delta.results, before + 4);
  assert.equal(delta.pending, 1);
  assert.equal(delta.last_message, 'delta is up');
});
