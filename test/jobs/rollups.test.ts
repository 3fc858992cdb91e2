import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runRollups } from '../../src/analytics/rollup-job.ts';
import { latencyPercentiles, uptime } from '../../src/analytics/index.ts';
import { decodeHistogram, mergeHistograms, encodeHistogram } from '../../src/analytics/histogram.ts';
import { dayAwaitsRollup } from '../../src/store/rollups.ts';
import { dropPartitionsBefore, ensurePartitions, listPartitions } from '../../src/store/partitions.ts';
import { insertIntegration, insertResults, insertStatusChange, openAnalyticsDatabase, postgresUnavailable, type AnalyticsDatabase } from '../analytics/fixtures.ts';

const skip = await postgresUnavailable();

interface HourRow {
  hour: string;
  count_up: number;
  count_degraded: number;
  count_down: number;
  seconds_up: number;
  seconds_degraded: number;
  seconds_down: number;
  seconds_excluded: number;
  latency_count: number;
  latency_sum: number;
  latency_min: number | null;
  latency_max: number | null;
  histogram: number[];
}

async function rowsOf(db: AnalyticsDatabase, table: 'rollups_hourly' | 'rollups_daily', integrationId: number): Promise<HourRow[]> {
  const { rows } = await db.pool.query<HourRow>(
    `SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'MM-DD"T"HH24') AS hour, count_up, count_degraded, count_down, seconds_up, seconds_degraded,
            seconds_down, seconds_excluded, latency_count, latency_sum, latency_min, latency_max, histogram
       FROM ${table} WHERE integration_id = $1 ORDER BY bucket_start`,
    [integrationId],
  );
  return rows;
}

describe('the rollup job', { skip }, () => {
  let db: AnalyticsDatabase;
  let service: number;

  before(async () => {
    db = await openAnalyticsDatabase();
    service = await insertIntegration(db.pool);
    await insertResults(db.pool, service, [
      { at: '2026-04-01T09:50:00Z', status: 'down', latencyMs: 9000 },
      { at: '2026-04-01T11:10:00Z', status: 'up', latencyMs: 120 },
      { at: '2026-04-01T11:20:00Z', status: 'up', latencyMs: 80 },
      { at: '2026-04-01T11:40:00Z', status: 'degraded', latencyMs: 400 },
    ]);
  });

  after(() => db?.close());

  test('hourly rows hold time-weighted seconds (a status carried across hours), counts and latency', async () => {
    const run = await runRollups(db.pool, new Date('2026-04-01T12:05:00Z'));
    assert.equal(run.complete, true);
    const rows = await rowsOf(db, 'rollups_hourly', service);
    assert.deepEqual(
      rows.map((row) => [row.hour, row.seconds_up, row.seconds_degraded, row.seconds_down]),
      [
        ['04-01T09', 0, 0, 600],
        ['04-01T10', 0, 0, 3600],
        ['04-01T11', 1800, 1200, 600],
        ['04-01T12', 0, 180, 0],
      ],
      'the current hour is covered up to now − 2 min (12:03)',
    );
    const eleven = rows[2]!;
    assert.deepEqual([eleven.count_up, eleven.count_degraded, eleven.count_down], [2, 1, 0]);
    assert.deepEqual([eleven.latency_count, eleven.latency_sum, eleven.latency_min, eleven.latency_max], [3, 600, 80, 400]);
    assert.equal(decodeHistogram(eleven.histogram).reduce((sum, count) => sum + count, 0), 3);
    assert.equal(rows[0]!.latency_count, 0, 'a down result adds no latency');
  });

  test('running again over the same hours writes the same rows (nothing counted twice)', async () => {
    const before = await rowsOf(db, 'rollups_hourly', service);
    const beforeDaily = await rowsOf(db, 'rollups_daily', service);
    await runRollups(db.pool, new Date('2026-04-01T12:05:00Z'), { lookbackHours: 48 });
    await runRollups(db.pool, new Date('2026-04-01T12:05:00Z'));
    assert.deepEqual(await rowsOf(db, 'rollups_hourly', service), before);
    assert.deepEqual(await rowsOf(db, 'rollups_daily', service), beforeDaily);
  });

  test('a later run extends the partial hour and leaves the complete ones as they were', async () => {
    const before = await rowsOf(db, 'rollups_hourly', service);
    await runRollups(db.pool, new Date('2026-04-01T12:59:00Z'));
    const after = await rowsOf(db, 'rollups_hourly', service);
    assert.deepEqual(after.slice(0, 3), before.slice(0, 3));
    assert.equal(after[3]!.seconds_degraded, 57 * 60);
  });

  test('a result that arrives late for an already rolled-up hour is folded in by the next run', async () => {
    await insertResults(db.pool, service, [{ at: '2026-04-01T11:50:00Z', status: 'down', latencyMs: 5000 }]);
    await runRollups(db.pool, new Date('2026-04-01T12:10:00Z'));
    const eleven = (await rowsOf(db, 'rollups_hourly', service)).find((row) => row.hour === '04-01T11')!;
    assert.deepEqual([eleven.count_down, eleven.seconds_degraded, eleven.seconds_down], [1, 600, 1200]);
  });

  test('the next hour is rolled up once it is complete, carrying the last status into it', async () => {
    await runRollups(db.pool, new Date('2026-04-01T13:05:00Z'));
    const twelve = (await rowsOf(db, 'rollups_hourly', service)).find((row) => row.hour === '04-01T12')!;
    assert.deepEqual([twelve.seconds_down, twelve.count_down + twelve.count_up], [3600, 0]);
  });

  test("a daily row is the merge of its day's hourly rows", async () => {
    const hours = await rowsOf(db, 'rollups_hourly', service);
    const [day] = await rowsOf(db, 'rollups_daily', service);
    assert.ok(day);
    const sum = (pick: (row: HourRow) => number) => hours.reduce((total, row) => total + pick(row), 0);
    assert.equal(day.seconds_down, sum((row) => row.seconds_down));
    assert.equal(day.seconds_up, sum((row) => row.seconds_up));
    assert.equal(day.count_up, sum((row) => row.count_up));
    assert.equal(day.latency_sum, sum((row) => row.latency_sum));
    assert.deepEqual([day.latency_min, day.latency_max], [80, 400]);
    const merged = hours.reduce<number[]>((histogram, row) => mergeHistograms(histogram, decodeHistogram(row.histogram)), []);
    assert.deepEqual(day.histogram, encodeHistogram(merged));
  });

  test('paused and maintenance time goes to seconds_excluded, not to the held status', async () => {
    const resting = await insertIntegration(db.pool);
    await insertResults(db.pool, resting, [{ at: '2026-04-01T10:00:00Z', status: 'up', latencyMs: 10 }]);
    await insertStatusChange(db.pool, resting, '2026-04-01T10:15:00Z', 'up', 'paused');
    await insertStatusChange(db.pool, resting, '2026-04-01T10:30:00Z', 'paused', 'unknown');
    await insertResults(db.pool, resting, [{ at: '2026-04-01T10:35:00Z', status: 'down' }]);
    await insertStatusChange(db.pool, resting, '2026-04-01T10:35:00Z', 'unknown', 'down');
    await insertStatusChange(db.pool, resting, '2026-04-01T10:40:00Z', 'down', 'maintenance');
    await insertResults(db.pool, resting, [{ at: '2026-04-01T10:45:00Z', status: 'down' }]);
    await insertStatusChange(db.pool, resting, '2026-04-01T10:50:00Z', 'maintenance', 'down');
    await runRollups(db.pool, new Date('2026-04-01T13:00:00Z'));
    const [ten] = await rowsOf(db, 'rollups_hourly', resting);
    assert.deepEqual([ten!.hour, ten!.seconds_up / 60, ten!.seconds_down / 60, ten!.seconds_excluded / 60], ['04-01T10', 15, 15, 30]);
  });
});

describe('catching up and retention', { skip }, () => {
  let db: AnalyticsDatabase;
  let service: number;

  before(async () => {
    db = await openAnalyticsDatabase();
    await ensurePartitions(db.pool, new Date('2026-05-01T00:00:00Z'), 4);
    service = await insertIntegration(db.pool);
    const results = [];
    for (let minute = 0; minute < 3 * 1440; minute += 10) results.push({ at: new Date(Date.parse('2026-05-01T00:00:00Z') + minute * 60_000), status: 'up' as const, latencyMs: 50 + (minute % 97) });
    await insertResults(db.pool, service, results);
  });

  after(() => db?.close());

  test('a day partition with hours not rolled up is kept by the retention veto', async () => {
    assert.equal(await dayAwaitsRollup(db.pool, new Date('2026-05-01T00:00:00Z')), true);
    const dropped = await dropPartitionsBefore(db.pool, new Date('2026-05-03T00:00:00Z'), (day) => dayAwaitsRollup(db.pool, day));
    assert.deepEqual(dropped, []);
  });

  test('a long backlog is caught up a bounded number of days per run, starting at the first result', async () => {
    const now = new Date('2026-05-04T00:30:00Z');
    const first = await runRollups(db.pool, now, { maxChunks: 1 });
    assert.equal(first.complete, false);
    assert.equal(first.from?.toISOString(), '2026-05-01T00:00:00.000Z');
    assert.equal(first.hoursWritten, 24);
    let runs = 1;
    while (!(await runRollups(db.pool, now, { maxChunks: 1 })).complete) runs += 1;
    const { rows } = await db.pool.query('SELECT count(*)::int AS hours, min(bucket_start) AS first FROM rollups_hourly WHERE integration_id = $1', [service]);
    assert.equal(rows[0].hours, 73, '72 whole hours and 05-04 00:00 up to 00:28');
    assert.ok(runs >= 2);
    const daily = await rowsOf(db, 'rollups_daily', service);
    assert.deepEqual(daily.map((row) => [row.hour, row.count_up, row.seconds_up]), [
      ['05-01T00', 144, 86_400],
      ['05-02T00', 144, 86_400],
      ['05-03T00', 144, 86_400],
      ['05-04T00', 0, 28 * 60],
    ]);
  });

  test('once its hours are rolled up, the day partition may be dropped', async () => {
    assert.equal(await dayAwaitsRollup(db.pool, new Date('2026-05-01T00:00:00Z')), false);
    const dropped = await dropPartitionsBefore(db.pool, new Date('2026-05-03T00:00:00Z'), (day) => dayAwaitsRollup(db.pool, day));
    assert.deepEqual(dropped, ['check_results_p20260501', 'check_results_p20260502']);
    assert.ok((await listPartitions(db.pool)).includes('check_results_p20260503'));
  });

  test('a window reaching into the dropped days is read from rollups', async () => {
    const window = { from: new Date('2026-05-01T10:30:00Z'), to: new Date('2026-05-04T00:30:00Z') };
    assert.equal((await uptime(db.pool, [service], window)).get(service), 1);
    const percentiles = (await latencyPercentiles(db.pool, [service], window, [50])).get(service)!;
    assert.ok(percentiles[50]! >= 50 && percentiles[50]! <= 146, `P50 ${percentiles[50]}`);
  });

  test('a run with notBefore never recomputes hours whose raw rows are gone', async () => {
    const before = await rowsOf(db, 'rollups_daily', service);
    await runRollups(db.pool, new Date('2026-05-04T00:30:00Z'), { lookbackHours: 24 * 5, notBefore: new Date('2026-05-03T00:00:00Z') });
    assert.deepEqual(await rowsOf(db, 'rollups_daily', service), before, 'the days of the dropped partitions keep their rows');
  });
});
