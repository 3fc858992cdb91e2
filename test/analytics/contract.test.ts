import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyPercentiles, sparklines, uptime } from '../../src/analytics/index.ts';
import { runRollups } from '../../src/analytics/rollup-job.ts';
import { insertIntegration, insertResults, insertStatusChange, openAnalyticsDatabase, postgresUnavailable, type AnalyticsDatabase } from './fixtures.ts';

const skip = await postgresUnavailable();
const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('the analytics contract (uptime, latencyPercentiles, sparklines) on a real database', { skip }, () => {
  let db: AnalyticsDatabase;
  let flapping: number;
  let paused: number;
  let quiet: number;
  let never: number;

  before(async () => {
    db = await openAnalyticsDatabase();
    flapping = await insertIntegration(db.pool);
    await insertResults(db.pool, flapping, [
      { at: '2026-03-01T10:00:00Z', status: 'up', latencyMs: 100 },
      { at: '2026-03-01T10:30:00Z', status: 'down', latencyMs: 9000 },
      { at: '2026-03-01T11:00:00Z', status: 'up', latencyMs: 200 },
    ]);
    paused = await insertIntegration(db.pool);
    await insertResults(db.pool, paused, [
      { at: '2026-03-01T10:00:00Z', status: 'down' },
      { at: '2026-03-01T11:10:00Z', status: 'up', latencyMs: 50 },
    ]);
    await insertStatusChange(db.pool, paused, '2026-03-01T10:20:00Z', 'down', 'paused');
    await insertStatusChange(db.pool, paused, '2026-03-01T11:00:00Z', 'paused', 'unknown');
    quiet = await insertIntegration(db.pool);
    await insertResults(db.pool, quiet, [{ at: '2026-03-01T08:00:00Z', status: 'up', latencyMs: 40 }]);
    never = await insertIntegration(db.pool);
  });

  after(() => db?.close());

  const expectations = async (label: string) => {
    const hours = await uptime(db.pool, [flapping, paused, quiet, never], range('2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z'));
    assert.equal(hours.get(flapping), 0.75, `${label}: 90 min up, 30 min down`);
    assert.equal(hours.get(paused), 50 / 70, `${label}: 20 min down, 50 min up; 40 min paused and 10 min unknown excluded`);
    assert.equal(hours.get(quiet), 1, `${label}: the 08:00 result holds into the range`);
    assert.equal(hours.get(never), null, `${label}: nothing known`);
    const offHour = await uptime(db.pool, [flapping], range('2026-03-01T10:15:00Z', '2026-03-01T12:45:00Z'));
    assert.equal(offHour.get(flapping), 0.8, `${label}: 120 min up, 30 min down in a range off the hour`);
  };

  test('uptime is time-weighted from raw rows before any rollup exists', async () => {
    await expectations('raw');
  });

  test('the same uptime comes from rollups once they exist', async () => {
    const run = await runRollups(db.pool, new Date('2026-03-01T13:05:00Z'));
    assert.ok(run.hoursWritten > 0);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM rollups_hourly WHERE integration_id = $1', [flapping]);
    assert.equal(rows[0].n, 4, 'hours 10, 11, 12 and 13 (partial: up to now − 2 min)');
    await expectations('rollups');
  });

  test('a result folded into a rolled-up hour is seen at once (cached pieces are versioned)', async () => {
    const before = await uptime(db.pool, [quiet], range('2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z'));
    assert.equal(before.get(quiet), 1);
    await insertResults(db.pool, quiet, [{ at: '2026-03-01T11:30:00Z', status: 'down' }]);
    await runRollups(db.pool, new Date('2026-03-01T13:05:00Z'));
    const after = await uptime(db.pool, [quiet], range('2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z'));
    assert.equal(after.get(quiet), 0.75);
  });

  test('latency percentiles count working checks only and are exact for few values', async () => {
    const percentiles = await latencyPercentiles(db.pool, [flapping, never], range('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'), [50, 95, 99]);
    assert.deepEqual(percentiles.get(flapping), { 50: 100, 95: 200, 99: 200 });
    assert.deepEqual(percentiles.get(never), { 50: null, 95: null, 99: null });
  });

  test('sparklines have 24 hourly points ending at now with the hour median and its worst status', async () => {
    const lines = await sparklines(db.pool, [flapping], new Date('2026-03-01T12:30:00Z'));
    const points = lines.get(flapping)!;
    assert.equal(points.length, 24);
    assert.equal(points.at(-1)!.hourStart.toISOString(), '2026-03-01T12:00:00.000Z');
    const ten = points.find((point) => point.hourStart.toISOString() === '2026-03-01T10:00:00.000Z')!;
    assert.deepEqual({ p50: ten.p50, worst: ten.worst }, { p50: 100, worst: 'down' });
    const eleven = points.find((point) => point.hourStart.toISOString() === '2026-03-01T11:00:00.000Z')!;
    assert.deepEqual({ p50: eleven.p50, worst: eleven.worst }, { p50: 200, worst: 'up' });
    assert.deepEqual({ p50: points[0]!.p50, worst: points[0]!.worst }, { p50: null, worst: null });
  });
});
