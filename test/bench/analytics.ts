/**
 * Analytics at scale: 100 integrations × 30 days × one result per minute (~4.3 M raw rows,
 * generated with INSERT … SELECT generate_series on a fresh database) plus their rollups.
 * Measures GET /api/v1/integrations (getAllHealth) and GET …/health?window=30d on a real
 * instance (ROLE=web, so no job competes), bytes per stored result including indexes, and the
 * rollup job's time for one day of data. Goals: list ≤ 50 ms, health ≤ 20 ms median.
 * BENCH_ANALYTICS_INTEGRATIONS / BENCH_ANALYTICS_DAYS shrink it for a quick run.
 */
import pg from 'pg';
import { runRollups } from '../../src/analytics/rollup-job.ts';
import { applyMigrations } from '../../src/store/migrations.ts';
import { ensurePartitions } from '../../src/store/partitions.ts';
import { startTestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { createTestDatabase, percentile } from './support.ts';
import type { BenchResult } from './types.ts';

const INTEGRATIONS = Number(process.env.BENCH_ANALYTICS_INTEGRATIONS ?? 100);
const DAYS = Number(process.env.BENCH_ANALYTICS_DAYS ?? 30);
const REQUESTS = 60;
const WARMUP = 5;
const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;

const seconds = (ms: number) => Math.round(ms / 100) / 10;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function latencies(call: (index: number) => Promise<void>): Promise<{ median: number; p99: number }> {
  for (let index = 0; index < WARMUP; index += 1) await call(index);
  const samples: number[] = [];
  for (let index = 0; index < REQUESTS; index += 1) samples.push((await timed(() => call(index))).ms);
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** One result per minute per integration: mostly up, some degraded and down, lognormal latency. */
async function generateResults(pool: pg.Pool, from: Date, to: Date): Promise<void> {
  const groups = 4;
  await Promise.all(
    Array.from({ length: groups }, (_, group) =>
      pool.query(
        `INSERT INTO check_results (integration_id, started_at, finished_at, status, latency_ms, trigger)
         SELECT id, t, t + interval '150 milliseconds',
                (CASE WHEN r < 0.004 THEN 'down' WHEN r < 0.02 THEN 'degraded' ELSE 'up' END)::"Status",
                CASE WHEN r < 0.004 THEN 10000 ELSE greatest(1, exp(ln(60 + (id % 10) * 25) + 0.45 * sqrt(-2 * ln(greatest(u1, 1e-12))) * cos(2 * pi() * u2)))::int END,
                'schedule'
           FROM (SELECT i.id, t, random() AS r, random() AS u1, random() AS u2
                   FROM integrations i CROSS JOIN generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS t
                  WHERE i.id % $3 = $4) AS generated`,
        [from, to, groups, group],
      ),
    ),
  );
}

export async function run(): Promise<BenchResult[]> {
  const now = new Date(Math.floor(Date.now() / minuteMs) * minuteMs);
  const start = new Date(now.getTime() - DAYS * dayMs);
  const database = await createTestDatabase('ih_bench_analytics');
  const pool = new pg.Pool({ connectionString: database.url, max: 6 });
  const results: BenchResult[] = [];
  const scale = `${INTEGRATIONS} integrations × ${DAYS} d × 1/min`;
  try {
    await applyMigrations(pool);
    await ensurePartitions(pool, start, DAYS + 2);
    await pool.query(
      `INSERT INTO integrations (slug, name, kind, config, status, status_since, last_checked_at, next_check_at, updated_at)
       SELECT 'bench-' || n, 'Bench ' || n, 'tcp', '{"host":"127.0.0.1","port":9}', 'up', $1, $1, $1::timestamptz + interval '1 minute', now()
         FROM generate_series(1, $2) AS n`,
      [now, INTEGRATIONS],
    );
    const generation = await timed(() => generateResults(pool, start, now));
    await pool.query('VACUUM ANALYZE check_results');
    const { rows: counted } = await pool.query<{ rows: number; bytes: number }>(
      `SELECT (SELECT count(*) FROM check_results)::float8 AS rows,
              (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = 'check_results')::float8 AS bytes`,
    );
    const rawRows = counted[0]!.rows;
    results.push({ name: 'raw results generated', value: rawRows, unit: 'rows', note: `${scale}; INSERT … SELECT in ${seconds(generation.ms)} s` });
    results.push({ name: 'bytes per stored result (heap + indexes)', value: counted[0]!.bytes / rawRows, unit: 'B' });

    // Every day but the last, then exactly one day (lookback 0) timed, then a regular 5-minute run.
    const dayBefore = new Date(Math.floor((now.getTime() - dayMs) / hourMs) * hourMs);
    const catchUp = await timed(() => runRollups(pool, dayBefore, { maxChunks: DAYS + 2 }));
    results.push({ name: `rollup catch-up, ${DAYS - 1} days`, value: seconds(catchUp.ms), unit: 's', note: `${catchUp.value.hoursWritten} hourly rows` });
    const oneDay = await timed(() => runRollups(pool, now, { lookbackHours: 0 }));
    results.push({ name: 'rollup job, one day of data', value: oneDay.ms, unit: 'ms', note: `${INTEGRATIONS * 1440} results → ${oneDay.value.hoursWritten} hourly + ${oneDay.value.daysWritten} daily rows` });
    const steady = await timed(() => runRollups(pool, now));
    results.push({ name: 'rollup job, regular run (3 h lookback)', value: steady.ms, unit: 'ms', note: 'every 5 minutes' });
    await pool.query('VACUUM ANALYZE rollups_hourly, rollups_daily');
    const { rows: rollupSize } = await pool.query<{ bytes: number }>(
      `SELECT (pg_total_relation_size('rollups_hourly') + pg_total_relation_size('rollups_daily'))::float8 AS bytes`,
    );
    results.push({ name: 'rollup bytes per integration-day (hourly + daily)', value: rollupSize[0]!.bytes / (INTEGRATIONS * DAYS), unit: 'B', note: 'kept forever' });

    const app = await startTestApp({ database: { ...database, drop: async () => undefined }, clock: () => now, env: { ROLE: 'web', HEALTH_MONITORING_ENABLED: 'false' } });
    try {
      const api = apiClient(app.url);
      const list = await latencies(async () => {
        const response = await api.get('/api/v1/integrations');
        if (response.status !== 200 || response.body.integrations.length !== INTEGRATIONS) throw new Error(`list answered ${response.status}`);
      });
      results.push({ name: 'GET /api/v1/integrations median', value: list.median, unit: 'ms', baseline: { name: 'goal', value: 50 }, note: `${INTEGRATIONS} integrations: uptime 24h/7d/30d + P50/P95/P99 24h` });
      results.push({ name: 'GET /api/v1/integrations p99', value: list.p99, unit: 'ms' });
      const health = await latencies(async (index) => {
        const response = await api.get(`/api/v1/integrations/bench-${(index % INTEGRATIONS) + 1}/health?window=30d`);
        if (response.status !== 200 || response.body.health.uptime === null) throw new Error(`health answered ${response.status}`);
      });
      results.push({ name: 'GET …/health?window=30d median', value: health.median, unit: 'ms', baseline: { name: 'goal', value: 20 } });
      results.push({ name: 'GET …/health?window=30d p99', value: health.p99, unit: 'ms' });
      const history = await latencies(async (index) => {
        const response = await api.get(`/api/v1/integrations/bench-${(index % INTEGRATIONS) + 1}/history?resolution=hour`);
        if (response.status !== 200) throw new Error(`history answered ${response.status}`);
      });
      results.push({ name: 'GET …/history?resolution=hour (7 d, 168 buckets) median', value: history.median, unit: 'ms' });
    } finally {
      await app.close();
    }
  } finally {
    await pool.end();
    await database.drop();
  }
  return results;
}
