/**
 * The detail page's charts: latency (raw points over 24 h; hourly P50/P95/P99 over 7 d and 30 d,
 * from rollups where they exist and raw rows elsewhere) and 90 days of daily uptime. Each chart
 * costs one analytics batch, whatever the number of buckets.
 */
import type pg from 'pg';
import { aggregateWindows, percentileOf, uptimeRatio } from '../analytics/index.ts';
import { latencyPoints } from '../store/integration-history.ts';
import type { Status } from '../domain/status.ts';

const hourMs = 3_600_000;
const dayMs = 86_400_000;

export const chartWindows = ['24h', '7d', '30d'] as const;
export type ChartWindow = (typeof chartWindows)[number];

/** Column-oriented, as uPlot wants it: `t` in unix seconds, one array per series. */
export type ChartData =
  | { window: '24h'; kind: 'raw'; t: number[]; latency: (number | null)[]; failed: (number | null)[] }
  | { window: '7d' | '30d'; kind: 'hourly'; t: number[]; p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };

export async function chartData(pool: pg.Pool, integrationId: number, window: ChartWindow, now: Date): Promise<ChartData> {
  if (window === '24h') {
    const points = await latencyPoints(pool, integrationId, new Date(now.getTime() - dayMs), now);
    // Failed checks are drawn as their own series at their latency, so they stand out in red.
    const failing = (status: Status) => status === 'down';
    return {
      window,
      kind: 'raw',
      t: points.map((point) => Math.round(point.t)),
      latency: points.map((point) => (failing(point.status) ? null : point.latencyMs)),
      failed: points.map((point) => (failing(point.status) ? (point.latencyMs ?? 0) : null)),
    };
  }
  const hours = window === '7d' ? 7 * 24 : 30 * 24;
  const end = Math.floor(now.getTime() / hourMs) * hourMs + hourMs;
  const starts = Array.from({ length: hours }, (_, index) => end - (hours - index) * hourMs);
  const perHour = await aggregateWindows(
    pool,
    [integrationId],
    starts.map((start) => ({ from: start, to: Math.min(start + hourMs, now.getTime()), histogram: true })),
  );
  const series = (percentile: number) => perHour.map((aggregates) => percentileOf(aggregates.get(integrationId)!, percentile));
  return { window, kind: 'hourly', t: starts.map((start) => start / 1_000), p50: series(50), p95: series(95), p99: series(99) };
}

export interface DailyUptime {
  days: { day: Date; ratio: number | null }[];
  overall: number | null;
}

/** UTC days, oldest first, ending with today (partial); plus the ratio over all of them. */
export async function dailyUptime(pool: pg.Pool, integrationId: number, now: Date, dayCount = 90): Promise<DailyUptime> {
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const starts = Array.from({ length: dayCount }, (_, index) => today - (dayCount - 1 - index) * dayMs);
  const windows = starts.map((start) => ({ from: start, to: Math.min(start + dayMs, now.getTime()), histogram: false }));
  windows.push({ from: starts[0]!, to: now.getTime(), histogram: false });
  const results = await aggregateWindows(pool, [integrationId], windows);
  const ratio = (index: number) => uptimeRatio(results[index]!.get(integrationId)!);
  return { days: starts.map((start, index) => ({ day: new Date(start), ratio: ratio(index) })), overall: ratio(dayCount) };
}
