/**
 * Badge throughput: status-badge requests/s at concurrency 50 on a real instance (fresh database,
 * 100 public integrations, the whole middleware chain), beside a bare Hono route on the same
 * @hono/node-server returning a constant SVG of the same bytes, measured in the same run. Goal:
 * ≥ 50 % of the bare route. Rounds alternate between the two so machine noise hits both.
 * The load generator runs in a worker thread (its own event loop) over keep-alive sockets.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startTestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { runLoad, type LoadResult } from '../helpers/http-load.ts';
import { startFastTarget } from './support.ts';
import type { BenchResult } from './types.ts';

const INTEGRATIONS = 100;
const CONCURRENCY = 50;
const ROUNDS = 5;
const ROUND_MS = 2_500;
const MAX_REQUESTS_PER_ROUND = 300_000;

interface Series {
  rps: number[];
  p50: number[];
  p99: number[];
  /** Main-thread (server) CPU µs per request: far less moved by other load than requests/s. */
  cpuUs: number[];
  non200: number;
}

type MeasuredLoad = LoadResult & { serverCpuUsPerRequest: number };

const emptySeries = (): Series => ({ rps: [], p50: [], p99: [], cpuUs: [], non200: 0 });
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

function record(series: Series, result: MeasuredLoad): void {
  series.rps.push(result.requestsPerSecond);
  series.cpuUs.push(result.serverCpuUsPerRequest);
  series.p50.push(result.p50Ms);
  series.p99.push(result.p99Ms);
  series.non200 += result.errors + Object.entries(result.statuses).reduce((sum, [status, count]) => (status === '200' ? sum : sum + count), 0);
}

async function startBareServer(svg: string): Promise<{ url: string; close(): Promise<void> }> {
  const bare = new Hono().get('/badge/:slug/status.svg', (c) => c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' }));
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function run(): Promise<BenchResult[]> {
  const target = await startFastTarget();
  const app = await startTestApp({ env: { CHECK_INTERVAL_SECONDS: '3600', CHECK_MAX_INTERVAL_SECONDS: '3600', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } });
  let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    const api = apiClient(app.url);
    const slugs = Array.from({ length: INTEGRATIONS }, (_, index) => `bench-${index + 1}`);
    for (const slug of slugs) {
      const response = await api.post('/api/v1/integrations', { slug, name: slug, kind: 'http', config: { url: target.url }, public: true, tags: [`group-${slug.length % 5}`] });
      if (response.status !== 201) throw new Error(`creating ${slug}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    // Every integration checked once and its state in the cache: badges then say "up".
    const deadline = Date.now() + 60_000;
    while ([...app.context.stateCache.all()].filter((state) => state.status === 'up').length < INTEGRATIONS) {
      if (Date.now() > deadline) throw new Error('integrations were not all checked within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const badgePaths = slugs.map((slug) => `/badge/${slug}/status.svg`);
    const sample = await (await fetch(`${app.url}${badgePaths[0]}`)).text();
    bare = await startBareServer(sample);

    // Both servers run on this (main) thread and the load generator on a worker thread, so the
    // main thread's CPU time per request is what serving one request costs.
    const load = async (baseUrl: string, paths: string[], durationMs = ROUND_MS): Promise<MeasuredLoad> => {
      const cpuBefore = process.threadCpuUsage();
      const result = await runLoad({ baseUrl, paths, concurrency: CONCURRENCY, durationMs, maxRequests: MAX_REQUESTS_PER_ROUND });
      const cpu = process.threadCpuUsage(cpuBefore);
      return { ...result, serverCpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests) };
    };
    const uptimePaths = slugs.map((slug) => `/badge/${slug}/uptime.svg?window=24h`);
    // Warm-up: JIT, sockets, the rendered-badge cache.
    await load(bare.url, badgePaths, 1_000);
    await load(app.url, badgePaths, 1_000);

    const baseline = emptySeries();
    const badges = emptySeries();
    for (let round = 0; round < ROUNDS; round += 1) {
      record(baseline, await load(bare.url, badgePaths));
      record(badges, await load(app.url, badgePaths));
    }
    const aggregate = emptySeries();
    record(aggregate, await load(app.url, ['/badge/all/status.svg']));
    // Uptime renders are reused for BADGE_CACHE_SECONDS (30 s): warm them right before their
    // round so it measures the steady state, not the one re-render per badge every 30 s.
    for (const uptimePath of uptimePaths) await (await fetch(`${app.url}${uptimePath}`)).arrayBuffer();
    const uptime = emptySeries();
    record(uptime, await load(app.url, uptimePaths));

    const baselineRps = mean(baseline.rps);
    const badgeRps = mean(badges.rps);
    // Each badge round runs right after its baseline round: the median of those paired ratios is
    // the figure least moved by other work on the machine.
    const ratio = median(badges.rps.map((rps, index) => (rps / baseline.rps[index]!) * 100));
    const bytes = Buffer.byteLength(sample);
    return [
      {
        name: `status badge req/s (concurrency ${CONCURRENCY}, ${INTEGRATIONS} integrations)`,
        value: badgeRps,
        unit: 'req/s',
        baseline: { name: `bare Hono constant ${bytes}-byte SVG`, value: baselineRps },
        note: `goal ≥ 50 %: ${ratio >= 50 ? 'met' : 'NOT met'} (median of paired ratios ${ratio.toFixed(0)} %, per round ${badges.rps.map((rps, index) => ((rps / baseline.rps[index]!) * 100).toFixed(0)).join('/')} %); means of ${ROUNDS} alternating ${ROUND_MS / 1000} s rounds; non-200: ${badges.non200}`,
      },
      {
        name: 'server CPU per status badge request',
        value: median(badges.cpuUs),
        unit: 'µs',
        baseline: { name: 'bare Hono constant SVG', value: median(baseline.cpuUs) },
        note: `main-thread CPU time per request, median of ${ROUNDS} rounds; bare/badge = ${((median(baseline.cpuUs) / median(badges.cpuUs)) * 100).toFixed(0)} % (the throughput ratio on an otherwise idle core)`,
      },
      {
        name: 'status badge p99 latency',
        value: Math.max(...badges.p99),
        unit: 'ms',
        baseline: { name: 'bare Hono p99', value: Math.max(...baseline.p99) },
        note: `worst round; p50 ${round1(mean(badges.p50))} ms (bare ${round1(mean(baseline.p50))} ms)`,
      },
      {
        name: 'all-integrations aggregate badge req/s',
        value: mean(aggregate.rps),
        unit: 'req/s',
        baseline: { name: 'bare Hono constant SVG', value: baselineRps },
        note: `p99 ${round1(Math.max(...aggregate.p99))} ms; non-200: ${aggregate.non200}`,
      },
      {
        name: 'uptime 24h badge req/s (rendered-badge cache)',
        value: mean(uptime.rps),
        unit: 'req/s',
        baseline: { name: 'bare Hono constant SVG', value: baselineRps },
        note: `p99 ${round1(Math.max(...uptime.p99))} ms; non-200: ${uptime.non200}`,
      },
    ];
  } finally {
    await bare?.close();
    await app.close();
    await target.close();
  }
}
