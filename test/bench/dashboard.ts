/**
 * Dashboard benchmark (a measurement, not a test): with 1,000 integrations and a day of history
 * each, how long the server takes to answer `/integrations/health` (reads + analytics + render),
 * how much of that is rendering, how large the JSON snapshot is per integration (goal ≤ 150
 * bytes), and how long one stored result takes to reach 500 connected dashboards.
 */
import { gzipSync } from 'node:zlib';
import { startTestApp } from '../helpers/app.ts';
import { adminHeaders } from '../helpers/api.ts';
import { openSocket, type TestSocket } from '../realtime/socket.ts';
import { createDayPartition } from '../../src/store/partitions.ts';
import { loadTiles, listTags } from '../../src/store/dashboard.ts';
import { toHtml } from '../../src/realtime/page-messages.ts';
import { DashboardPage } from '../../views/pages/dashboard.tsx';
import { percentile } from './support.ts';
import type { BenchResult } from './types.ts';

const integrations = 1_000;
const resultsPerDay = 48;

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function run(): Promise<BenchResult[]> {
  const app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
  const sockets: TestSocket[] = [];
  try {
    const { pool } = app.context.db;
    const now = new Date();
    await createDayPartition(pool, new Date(now.getTime() - 86_400_000));
    // 1,000 integrations over 25 tags, mostly up, some degraded and down, each with a day of results.
    await pool.query(
      `INSERT INTO integrations (slug, name, kind, config, tags, status, status_since, last_checked_at, last_latency_ms, last_message, updated_at)
       SELECT 'bench-integration-' || n, 'Bench integration ' || n, 'http', '{"url":"http://127.0.0.1:9/"}'::jsonb, ARRAY['team-' || (n % 25)],
              (CASE WHEN n % 97 = 0 THEN 'down' WHEN n % 31 = 0 THEN 'degraded' ELSE 'up' END)::"Status",
              now() - make_interval(mins => n % 300), now() - make_interval(secs => n % 300), 40 + n % 400, 'HTTP 200', now()
         FROM generate_series(1, $1) AS n`,
      [integrations],
    );
    await pool.query(
      `INSERT INTO check_results (integration_id, started_at, finished_at, status, latency_ms, message, trigger)
       SELECT i.id, now() - make_interval(mins => k * 30) - interval '1 second', now() - make_interval(mins => k * 30),
              (CASE WHEN (i.id + k) % 53 = 0 THEN 'down' ELSE 'up' END)::"Status", 30 + (i.id * 7 + k * 13) % 500, 'HTTP 200', 'schedule'
         FROM integrations i CROSS JOIN generate_series(0, $1 - 1) AS k`,
      [resultsPerDay],
    );

    const page = () => fetch(`${app.url}/integrations/health`, { headers: adminHeaders }).then((response) => response.text());
    const coldStarted = performance.now();
    const html = await page();
    const cold = performance.now() - coldStarted;
    await page();
    const requests = await timed(10, page);
    const loads = await timed(5, () => Promise.all([loadTiles(pool, new Date(), {}), listTags(pool)]));
    const [tiles, tags] = await Promise.all([loadTiles(pool, new Date(), {}), listTags(pool)]);
    const renders = await timed(10, async () =>
      // Called as a function: this module is plain .ts (the bench runner loads *.ts).
      toHtml(DashboardPage({ view: { kind: 'dashboard' }, tiles, tags, now: new Date(), wsUrl: '/ws?view=dashboard' })),
    );

    const api = await openSocket(app.url, '/api/v1/events');
    const snapshot = await api.next((message) => message.startsWith('{"type":"snapshot"'), 'the snapshot', 30_000);
    const perIntegration = Buffer.byteLength(snapshot) / integrations;
    await api.close();

    // 500 open dashboards (fresh pages: no initial re-render), one stored result, time to reach all.
    const clients = 500;
    for (let index = 0; index < clients; index += 1) sockets.push(await openSocket(app.url, `/ws?view=dashboard&rendered=${Date.now()}`));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { rows } = await pool.query<{ id: number; slug: string }>(`SELECT id, slug FROM integrations WHERE slug = 'bench-integration-500'`);
    const target = rows[0]!;
    const at = new Date().toISOString();
    const sent = performance.now();
    await app.context.publisher.publish({ type: 'check.completed', integrationId: target.id, slug: target.slug, resultId: 1, status: 'up', previousStatus: 'up', statusSince: at, at, latencyMs: 42, message: 'HTTP 200', trigger: 'schedule', jobId: null });
    await Promise.all(sockets.map((socket) => socket.next((message) => message.includes('tile-bench-integration-500'), 'the pushed row', 30_000)));
    const fanOut = performance.now() - sent;

    return [
      { name: `GET /integrations/health, ${integrations} integrations, first load`, value: cold, unit: 'ms', note: 'analytics of every row computed (nothing cached yet)' },
      {
        name: `GET /integrations/health, ${integrations} integrations (median of 10)`,
        value: median(requests),
        unit: 'ms',
        note: `p95 ${percentile([...requests].sort((a, b) => a - b), 95).toFixed(0)} ms; analytics from the 60 s tile cache; ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, ${(gzipSync(html).byteLength / 1024).toFixed(0)} KiB gzipped`,
      },
      { name: 'uncached reads: rows + uptime 24 h/30 d + sparklines (median of 5)', value: median(loads), unit: 'ms', note: `${resultsPerDay} raw results per integration in the last 24 h, no rollups yet` },
      { name: 'rendering the page to HTML (median of 10)', value: median(renders), unit: 'ms' },
      { name: 'JSON snapshot size per integration', value: perIntegration, unit: 'bytes', baseline: { name: 'the 150-byte goal', value: 150 } },
      { name: `one result pushed to ${clients} open dashboards`, value: fanOut, unit: 'ms', note: 'NOTIFY → re-read + analytics + render once → 500 sends' },
    ];
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  }
}
