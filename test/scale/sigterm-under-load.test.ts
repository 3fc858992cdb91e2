/**
 * SIGTERM while checks are in flight: the process finishes (or hands back) its work and exits 0;
 * nothing is lost or half-written — every integration still has exactly one live schedule and
 * a second instance started afterwards carries on without duplicating any scheduled job.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testAdminToken, testSecretKey, waitFor } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';

const integrations = 30;
let database: TestDatabase;
let pool: pg.Pool;
let target: SwitchableTarget;
let first: ServerProcess;
let second: ServerProcess | undefined;
const env = () => ({ DATABASE_URL: database.url, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, CHECK_INTERVAL_SECONDS: '5', SHUTDOWN_TIMEOUT_MS: '8000', LOG_LEVEL: process.env.TEST_CHILD_LOG ?? 'warn' });

before(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  target = await startSwitchableTarget();
  target.setDelay(1_500);
  first = await startServerProcess(env());
  const api = apiClient(first.url);
  for (let index = 0; index < integrations; index += 1) {
    assert.equal((await api.post('/api/v1/integrations', { slug: `load-${index}`, name: `Load ${index}`, kind: 'http', config: { url: target.url } })).status, 201);
  }
  await pool.query("DELETE FROM integrations WHERE slug = 'self'");
});

after(async () => {
  await first?.stop('SIGKILL');
  await second?.stop('SIGKILL');
  await pool?.end();
  await target?.close();
  await database?.drop();
});

test('SIGTERM with checks in flight exits 0 after finishing or handing back its work', async () => {
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  const inFlightAtSignal = (await pool.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checks' AND state = 'active'")).rows[0].n;
  assert.ok(inFlightAtSignal > 0, 'the test needs checks in flight when the signal arrives');
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, first.output().slice(-2000));
  if (process.env.TEST_CHILD_LOG) console.log(first.output().split('\n').filter((l) => /shutdown|stopp|shutting/.test(l)).join('\n'));
  const stillActive = (await pool.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checks' AND state = 'active'")).rows[0].n;
  assert.equal(stillActive, 0, 'no check is left marked active by a stopped worker');
});

test('every result row is whole and every integration still has one live schedule', async () => {
  const broken = await pool.query("SELECT count(*)::int AS n FROM check_results WHERE finished_at IS NULL OR status IS NULL OR (trigger = 'schedule' AND job_id IS NULL)");
  assert.equal(broken.rows[0].n, 0);
  const orphaned = await pool.query(
    `SELECT slug FROM integrations i WHERE NOT EXISTS (
       SELECT 1 FROM pgboss.job j WHERE j.name = 'checks' AND j.id = i.scheduled_job_id AND j.state IN ('created', 'retry'))`,
  );
  assert.deepEqual(orphaned.rows, []);
});

test('a new instance carries on: every integration is checked again and no scheduled job ran twice', async () => {
  const stoppedAt = new Date();
  target.setDelay(0);
  second = await startServerProcess(env());
  await waitFor(async () => {
    const { rows } = await pool.query('SELECT count(DISTINCT integration_id)::int AS n FROM check_results WHERE started_at > $1', [stoppedAt]);
    return rows[0].n === integrations;
  }, 30_000, 'every integration checked after the restart');
  const duplicates = await pool.query("SELECT job_id FROM check_results WHERE trigger = 'schedule' GROUP BY job_id HAVING count(*) > 1");
  assert.deepEqual(duplicates.rows, []);
});
