/**
 * kill -9 in the default setup (embedded PostgreSQL, no DATABASE_URL): the server is SIGKILLed
 * with checks in flight, and its watchdog with it, so its PostgreSQL is left running on the data
 * folder — what used to make every later start fail. The next start must stop that server,
 * become ready, lose no schedule and record no check twice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testAdminToken, testSecretKey, waitFor } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { isRunning, postmasterPid, watchdogPid } from '../helpers/embedded-process.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';

const integrations = 12;
let dataDir: string;
let target: SwitchableTarget;
let first: ServerProcess;
let second: ServerProcess | undefined;
let leftover: number;
const env = () => ({ DATABASE_URL: undefined, DATA_DIR: dataDir, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, CHECK_INTERVAL_SECONDS: '5', LOG_LEVEL: 'info' });

/** A pool on the server's embedded database: port from its log, password from DATA_DIR. */
async function embeddedPool(server: ServerProcess): Promise<pg.Pool> {
  const port = [...server.output().matchAll(/"port":(\d+),[^\n]*embedded PostgreSQL started/g)].at(-1)?.[1];
  assert.ok(port, 'the server logs its embedded PostgreSQL port');
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  const pool = new pg.Pool({ host: '127.0.0.1', port: Number(port), user: 'postgres', password, database: 'integration_health', max: 2 });
  pool.on('error', () => undefined);
  return pool;
}

async function query<T extends pg.QueryResultRow>(server: ServerProcess, sql: string, values: unknown[] = []): Promise<T[]> {
  const pool = await embeddedPool(server);
  try {
    return (await pool.query<T>(sql, values)).rows;
  } finally {
    await pool.end();
  }
}

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ih-kill-'));
  target = await startSwitchableTarget();
  target.setDelay(1_500);
  first = await startServerProcess(env(), 90_000);
  const api = apiClient(first.url);
  for (let index = 0; index < integrations; index += 1) {
    assert.equal((await api.post('/api/v1/integrations', { slug: `crash-${index}`, name: `Crash ${index}`, kind: 'http', intervalSeconds: 5, config: { url: target.url } })).status, 201);
  }
});

after(async () => {
  await second?.stop();
  await first?.stop('SIGKILL');
  // Should a test fail half-way, no server may outlive the folder.
  const pid = await postmasterPid(dataDir);
  if (pid !== undefined && (await isRunning(pid))) {
    process.kill(pid, 'SIGINT');
    await waitFor(async () => !(await isRunning(pid)), 30_000, 'the embedded server to stop');
  }
  await target?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('SIGKILL with checks in flight leaves the embedded PostgreSQL running when the watchdog dies too', async () => {
  await waitFor(async () => {
    const [row] = await query<{ n: number }>(first, "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checks' AND state = 'active'");
    return row!.n > 0;
  }, 30_000, 'checks in flight');
  leftover = (await postmasterPid(dataDir))!;
  const watchdog = await watchdogPid(dataDir);
  if (watchdog) process.kill(watchdog, 'SIGKILL');
  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(await isRunning(leftover), 'the situation to recover from: the postmaster outlived its parent');
});

test('the next start stops the leftover server with a fast shutdown, says so at info, and is ready', async () => {
  target.setDelay(0);
  second = await startServerProcess(env(), 90_000);
  assert.equal((await fetch(`${second.url}/readyz`)).status, 200);
  assert.equal(await isRunning(leftover), false);
  const said = second.output().split('\n').filter((line) => /"level":30/.test(line) && /left running by an earlier run|the leftover server has stopped/.test(line));
  assert.equal(said.length, 2, second.output().slice(0, 3000));
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  assert.ok(!first.output().includes(password) && !second.output().includes(password), 'the database password is never logged');
});

test('no schedule is lost: every integration is checked again and every unpaused one keeps one live schedule', async () => {
  const restartedAt = new Date(Date.now() - 1_000);
  // The test's integrations run every 5 s; checks cut off by the kill come back once pg-boss
  // sees their heartbeat stop (~10-30 s). (`self` runs on its own, longer interval.)
  await waitFor(async () => {
    const [row] = await query<{ n: number }>(second!, "SELECT count(DISTINCT integration_id)::int AS n FROM check_results r JOIN integrations i ON i.id = r.integration_id WHERE i.slug LIKE 'crash-%' AND r.started_at > $1", [restartedAt]);
    return row!.n === integrations;
  }, 90_000, 'every integration checked after the restart');
  const withoutSchedule = await query(
    second!,
    `SELECT slug FROM integrations i WHERE NOT paused AND NOT EXISTS (
       SELECT 1 FROM pgboss.job j WHERE j.name = 'checks' AND j.id = i.scheduled_job_id AND j.state IN ('created', 'retry', 'active'))`,
  );
  assert.deepEqual(withoutSchedule, []);
});

test('no check result is recorded twice for one scheduled job', async () => {
  const duplicates = await query(second!, "SELECT job_id, count(*)::int AS n FROM check_results WHERE trigger = 'schedule' GROUP BY job_id HAVING count(*) > 1");
  assert.deepEqual(duplicates, []);
  const [results] = await query<{ n: number }>(second!, "SELECT count(*)::int AS n FROM check_results WHERE trigger = 'schedule'");
  assert.ok(results!.n > integrations, 'there are results to compare');
});
