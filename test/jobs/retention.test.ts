/**
 * Retention through the real maintenance task: a day past HISTORY_RETENTION_DAYS is rolled up
 * before its raw rows go, whatever its age and even when the integration has newer rollups, and
 * rows that sat in the default partition (days without a partition, far in the past) are rolled
 * up and pruned the same way. Monitoring is off, so no check adds results meanwhile.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { runMaintenanceTask } from '../../src/jobs/maintenance.ts';
import { createDayPartition, listPartitions } from '../../src/store/partitions.ts';
import { dayAwaitsRollup, rollupWatermarks } from '../../src/store/rollups.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertIntegration, insertResults, type ResultRow } from '../analytics/fixtures.ts';

const now = new Date('2026-06-10T12:00:00Z');
const oldDay = new Date('2026-05-01T00:00:00Z');

interface DayRow {
  day: string;
  count_up: number;
  count_down: number;
  seconds_up: number;
  seconds_down: number;
}

async function dailyRows(pool: pg.Pool, integrationId: number): Promise<DayRow[]> {
  const { rows } = await pool.query<DayRow>(
    `SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count_up, count_down, seconds_up, seconds_down
       FROM rollups_daily WHERE integration_id = $1 ORDER BY bucket_start`,
    [integrationId],
  );
  return rows;
}

describe('retention rolls a day up before dropping it', () => {
  let app: TestApp;
  let pool: pg.Pool;
  let service: number;

  before(async () => {
    app = await startTestApp({ clock: () => now, env: { HEALTH_MONITORING_ENABLED: 'false', HISTORY_RETENTION_DAYS: '30' } });
    pool = app.context.db.pool;
    service = await insertIntegration(pool, 'retained');
    await createDayPartition(pool, oldDay);
    // 2026-05-01, every 30 minutes from 00:15: up, down from 12:15 to 18:15, then up again.
    const old: ResultRow[] = [];
    for (let slot = 0; slot < 48; slot += 1) old.push({ at: new Date(oldDay.getTime() + (15 + slot * 30) * 60_000), status: slot >= 24 && slot < 36 ? 'down' : 'up', latencyMs: 100 });
    await insertResults(pool, service, old);
    // Recent results, so the integration has rollups newer than the old day.
    await insertResults(pool, service, [0, 10, 20, 30].map((minute) => ({ at: new Date(now.getTime() - (60 - minute) * 60_000), status: 'up' as const, latencyMs: 50 })));
    // Days without a partition: their rows land in the default partition.
    await insertResults(pool, service, [
      { at: '1999-12-31T23:30:00Z', status: 'down' },
      { at: '2026-04-20T10:00:00Z', status: 'up', latencyMs: 80 },
      { at: '2026-04-20T10:30:00Z', status: 'down' },
      { at: '2026-04-20T11:00:00Z', status: 'up', latencyMs: 90 },
      { at: '2100-01-01T00:00:00Z', status: 'up', latencyMs: 70 },
    ]);
  });

  after(() => app?.close());

  test('setup: the rollup job covered recent hours only, and the old rows are where the test needs them', async () => {
    // The job starts a day after the retention start (2026-05-12) and catches up 14 days per run.
    for (let run = 0; run < 3; run += 1) await runMaintenanceTask(app.context, 'rollups');
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rollups_hourly WHERE integration_id = $1 AND bucket_start >= $2', [service, new Date(now.getTime() - 3_600_000)]);
    assert.ok(rows[0]!.n >= 1, 'recent hours are rolled up');
    const days = (await dailyRows(pool, service)).map((row) => row.day);
    assert.equal(days[0], '2026-05-12', 'nothing older is rolled up by the job');
    assert.equal(days.at(-1), '2026-06-10');
    const inDefault = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM check_results_default');
    assert.equal(inDefault.rows[0]!.n, 5);
    assert.ok((await listPartitions(pool)).includes('check_results_p20260501'));
  });

  test("the veto looks at that day's rollups, not the integration's newest one", async () => {
    assert.equal(await dayAwaitsRollup(pool, oldDay), true);
  });

  test('the maintenance run rolls up the old day with the right counts, then drops its partition', async () => {
    const version = (await rollupWatermarks(pool, [service])).get(service)!.version;
    await runMaintenanceTask(app.context, 'partitions');
    assert.ok(!(await listPartitions(pool)).includes('check_results_p20260501'), 'the old partition is dropped');
    assert.notEqual((await rollupWatermarks(pool, [service])).get(service)!.version, version, 'cached rollup pieces of the integration are invalidated');
    const oldRow = (await dailyRows(pool, service)).find((row) => row.day === '2026-05-01');
    // Down 12:15–18:15 (6 h); up the rest, including 00:00–00:15 carried from the 04-20 results.
    assert.deepEqual(oldRow, { day: '2026-05-01', count_up: 36, count_down: 12, seconds_up: 64_800, seconds_down: 21_600 });
    const hours = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM rollups_hourly WHERE integration_id = $1 AND bucket_start >= '2026-05-01' AND bucket_start < '2026-05-02'", [service]);
    assert.equal(hours.rows[0]!.n, 24);
  });

  test('rows of the default partition past retention are rolled up, then deleted', async () => {
    const days = await dailyRows(pool, service);
    assert.deepEqual(days.find((row) => row.day === '1999-12-31'), { day: '1999-12-31', count_up: 0, count_down: 1, seconds_up: 0, seconds_down: 1_800 });
    assert.deepEqual(days.find((row) => row.day === '2026-04-20'), { day: '2026-04-20', count_up: 2, count_down: 1, seconds_up: 13 * 3_600 + 1_800, seconds_down: 1_800 });
    const left = await pool.query<{ started_at: Date }>('SELECT started_at FROM check_results_default');
    assert.deepEqual(left.rows.map((row) => row.started_at.toISOString()), ['2100-01-01T00:00:00.000Z'], 'only the far-future row, not past retention, is left');
  });

  test('the rest of the history is untouched, and running retention again changes nothing', async () => {
    const before = await dailyRows(pool, service);
    await runMaintenanceTask(app.context, 'partitions');
    assert.deepEqual(await dailyRows(pool, service), before);
    const recent = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM check_results WHERE started_at >= $1 AND started_at < $2', [new Date(now.getTime() - 3_600_000), now]);
    assert.equal(recent.rows[0]!.n, 4);
  });
});
