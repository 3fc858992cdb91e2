/**
 * Windows read from rollups (daily + hourly + raw edges) against the same windows computed
 * directly over raw rows in SQL: percentiles within 2 % of percentile_disc (nearest rank), and
 * time-weighted uptime equal to a LEAD()-based computation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateWindows, latencyPercentiles, uptime } from '../../src/analytics/index.ts';
import { runRollups } from '../../src/analytics/rollup-job.ts';
import { generateLatencies, latencyShapes, seededRandom } from './generators.ts';
import { insertIntegration, insertResults, openAnalyticsDatabase, postgresUnavailable, type AnalyticsDatabase } from './fixtures.ts';

const skip = await postgresUnavailable();
const start = Date.parse('2026-06-01T00:00:00Z');
const minutes = 3 * 1440;
const window = { from: new Date('2026-06-01T05:17:30Z'), to: new Date('2026-06-03T22:43:10Z') };

describe('accuracy of windows read from rollups', { skip }, () => {
  let db: AnalyticsDatabase;
  const byShape = new Map<string, number>();
  let flaky: number;

  before(async () => {
    db = await openAnalyticsDatabase();
    for (const [index, shape] of Object.keys(latencyShapes).entries()) {
      const id = await insertIntegration(db.pool);
      byShape.set(shape, id);
      const latencies = generateLatencies(shape, minutes, index + 1);
      await insertResults(db.pool, id, latencies.map((latencyMs, minute) => ({ at: new Date(start + minute * 60_000), status: 'up' as const, latencyMs })));
    }
    // Irregular intervals and statuses, so time-weighting differs from counting checks.
    flaky = await insertIntegration(db.pool);
    const random = seededRandom(7);
    const results = [];
    for (let at = start + 20_000; at < start + minutes * 60_000; at += Math.floor(30_000 + random() * 600_000)) {
      const roll = random();
      results.push({ at: new Date(at), status: roll < 0.8 ? ('up' as const) : roll < 0.9 ? ('degraded' as const) : ('down' as const), latencyMs: Math.floor(20 + random() * 500) });
    }
    await insertResults(db.pool, flaky, results);
    // Rolled up to 22:00 of the last day: the window's end is then read raw beyond the rollups.
    await runRollups(db.pool, new Date('2026-06-03T22:05:00Z'));
  });

  after(() => db?.close());

  for (const shape of Object.keys(latencyShapes)) {
    test(`${shape}: P50/P95/P99 within 2 % of percentile_disc over the raw rows`, async () => {
      const id = byShape.get(shape)!;
      const estimates = (await latencyPercentiles(db.pool, [id], window, [50, 95, 99])).get(id)!;
      const { rows } = await db.pool.query<{ p50: number; p95: number; p99: number }>(
        `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
                percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
           FROM check_results WHERE integration_id = $1 AND started_at >= $2 AND started_at < $3 AND status IN ('up', 'degraded')`,
        [id, window.from, window.to],
      );
      for (const p of [50, 95, 99] as const) {
        const exact = rows[0]![`p${p}`];
        const estimate = estimates[p]!;
        const error = exact === 0 ? estimate : Math.abs(estimate - exact) / exact;
        assert.ok(error <= 0.02, `P${p}: exact ${exact}, estimate ${estimate}, error ${(error * 100).toFixed(2)} %`);
      }
    });
  }

  test('many windows at once (one range read) give the same aggregates as each window alone', async () => {
    const id = byShape.get('lognormal around 150 ms')!;
    const hours = Array.from({ length: 30 }, (_, index) => ({ from: Date.parse('2026-06-02T00:00:00Z') + index * 3_600_000, histogram: true }));
    const windows = hours.map((hour) => ({ ...hour, to: hour.from + 3_600_000 }));
    const together = await aggregateWindows(db.pool, [id], windows);
    // Another connection has its own piece cache, so these are read afresh, one window at a time.
    const client = await db.pool.connect();
    try {
      for (const [index, window] of windows.entries()) {
        const [alone] = await aggregateWindows(client, [id], [window]);
        assert.deepEqual(together[index]!.get(id), alone!.get(id), `hour ${index}`);
      }
    } finally {
      client.release();
    }
  });

  test('uptime from rollups equals a time-weighted computation over the raw rows', async () => {
    const { rows } = await db.pool.query<{ working: number; total: number }>(
      `WITH carry AS (
         SELECT $2::timestamptz AS at, status FROM check_results WHERE integration_id = $1 AND started_at < $2 ORDER BY started_at DESC LIMIT 1),
       events AS (
         SELECT at, status FROM carry
         UNION ALL SELECT started_at, status FROM check_results WHERE integration_id = $1 AND started_at >= $2 AND started_at < $3),
       spans AS (SELECT status, extract(epoch FROM LEAD(at, 1, $3::timestamptz) OVER (ORDER BY at) - at) AS seconds FROM events)
       SELECT sum(seconds) FILTER (WHERE status IN ('up', 'degraded'))::float8 AS working, sum(seconds)::float8 AS total FROM spans`,
      [flaky, window.from, window.to],
    );
    const expected = rows[0]!.working / rows[0]!.total;
    const actual = (await uptime(db.pool, [flaky], window)).get(flaky)!;
    assert.ok(expected < 0.99 && expected > 0.5, `a meaningful ratio (${expected})`);
    assert.ok(Math.abs(actual - expected) < 1e-9, `rollups ${actual} vs raw ${expected}`);
  });

  test('and it differs from the share of successful checks, which is why time is weighted', async () => {
    const { rows } = await db.pool.query<{ share: number }>(
      `SELECT (count(*) FILTER (WHERE status IN ('up', 'degraded')))::float8 / count(*) AS share FROM check_results
        WHERE integration_id = $1 AND started_at >= $2 AND started_at < $3`,
      [flaky, window.from, window.to],
    );
    const actual = (await uptime(db.pool, [flaky], window)).get(flaky)!;
    assert.notEqual(Math.round(actual * 1e6), Math.round(rows[0]!.share * 1e6));
  });
});
