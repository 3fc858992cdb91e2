/**
 * Two real server processes on one database both run workers. Every due check must run exactly
 * once (no duplicate results for a scheduled job, no gaps beyond the interval + jitter + lag),
 * and when one process is killed with SIGKILL the other carries on and every integration keeps
 * a next run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { apiClient } from '../helpers/api.ts';
import { testAdminToken, testSecretKey } from '../helpers/app.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';

const intervalSeconds = 5;
const integrations = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  integration_id: number;
  started_at: Date;
  job_id: string;
}

async function scheduledResults(pool: pg.Pool): Promise<Map<number, Row[]>> {
  const { rows } = await pool.query<Row>("SELECT integration_id, started_at, job_id FROM check_results WHERE trigger = 'schedule' ORDER BY started_at");
  const byIntegration = new Map<number, Row[]>();
  for (const row of rows) byIntegration.set(row.integration_id, [...(byIntegration.get(row.integration_id) ?? []), row]);
  return byIntegration;
}

function assertNoDuplicates(byIntegration: Map<number, Row[]>) {
  const jobIds = [...byIntegration.values()].flat().map((row) => row.job_id);
  assert.equal(new Set(jobIds).size, jobIds.length, 'a scheduled job produced more than one result');
}

describe('two instances share one schedule', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let target: SwitchableTarget;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    database = await createTestDatabase();
    target = await startSwitchableTarget();
    const env = { DATABASE_URL: database.url, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, CHECK_INTERVAL_SECONDS: String(intervalSeconds), LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const api = apiClient(a.url);
    for (let index = 0; index < integrations; index += 1) {
      const response = await api.post('/api/v1/integrations', { slug: `svc-${index}`, name: `Service ${index}`, kind: 'http', config: { url: target.url } });
      assert.equal(response.status, 201);
    }
    // "self" is created on first run by whichever instance got there first.
    await pool.query("DELETE FROM integrations WHERE slug = 'self'");
  });

  after(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await pool?.end();
    await target?.close();
    await database?.drop();
  });

  test('every due check runs exactly once over 20 s, with no gap beyond interval + jitter + lag', async () => {
    await sleep(20_000);
    const byIntegration = await scheduledResults(pool);
    assert.equal(byIntegration.size, integrations);
    assertNoDuplicates(byIntegration);
    const maxGapMs = intervalSeconds * 1.1 * 1000 + 2_500;
    for (const [id, rows] of byIntegration) {
      assert.ok(rows.length >= 3, `integration ${id} ran only ${rows.length} times`);
      for (let index = 1; index < rows.length; index += 1) {
        const gap = rows[index]!.started_at.getTime() - rows[index - 1]!.started_at.getTime();
        assert.ok(gap >= intervalSeconds * 0.9 * 1000 - 50, `integration ${id} ran twice within ${gap} ms`);
        assert.ok(gap <= maxGapMs, `integration ${id} waited ${gap} ms between checks`);
      }
    }
  });

  test('the check-now limit holds across instances: A accepts, B refuses with 429', async () => {
    const first = await apiClient(a.url).post('/api/v1/integrations/svc-0/checks');
    const second = await apiClient(b.url).post('/api/v1/integrations/svc-0/checks');
    assert.equal(first.status, 202);
    assert.equal(second.status, 429);
    assert.ok(Number(second.headers.get('retry-after')) > 0);
  });

  test('after SIGKILL of one instance the other carries on and every integration keeps a next run', async () => {
    b.child.kill('SIGKILL');
    await b.exited;
    const killedAt = Date.now();
    // A check the killed worker held is retried after its missed heartbeat: 10 s heartbeat + up to
    // 10 s until the supervisor notices + 5 s retry delay. Poll (bounded) rather than guess.
    const ranSinceKill = (rows: Row[]) => rows.at(-1)!.started_at.getTime() > killedAt + 5_000;
    let byIntegration = await scheduledResults(pool);
    for (const deadline = killedAt + 60_000; Date.now() < deadline; byIntegration = await scheduledResults(pool)) {
      if ([...byIntegration.values()].every(ranSinceKill)) break;
      await sleep(2_000);
    }
    assertNoDuplicates(byIntegration);
    for (const [id, rows] of byIntegration) {
      assert.ok(ranSinceKill(rows), `integration ${id} has not run since the kill`);
    }
    const { rows } = await pool.query(
      `SELECT i.id FROM integrations i WHERE NOT EXISTS (
         SELECT 1 FROM pgboss.job j WHERE j.name = 'checks' AND j.id = i.scheduled_job_id AND j.state IN ('created', 'retry', 'active'))`,
    );
    assert.deepEqual(rows, [], 'integrations without a pending check');
    assert.equal((await fetch(`${a.url}/readyz`)).status, 200);
  });
});
