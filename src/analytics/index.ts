/**
 * Analytics over raw history and rollups: time-weighted uptime, latency percentiles and hourly
 * sparklines for many integrations at once (see types.ts for the contract and README "Uptime and
 * percentiles" for the definitions). Every function costs a fixed number of queries, whatever
 * the number of integrations.
 */
import type pg from 'pg';
import { uptimeRatio, type Aggregate } from './aggregate.ts';
import { estimatePercentile } from './histogram.ts';
import { floorTo, hourMs } from './time.ts';
import type { Analytics, Percentile, SparkPoint, TimeRange, UptimeWindow } from './types.ts';
import { windowSeconds } from './types.ts';
import { aggregateWindows } from './windows.ts';

export type { Aggregate } from './aggregate.ts';
export { uptimeRatio } from './aggregate.ts';
export { aggregateWindows } from './windows.ts';

export const uptime: Analytics['uptime'] = async (pool, integrationIds, range) => {
  const [aggregates] = await aggregateWindows(pool, integrationIds, [{ from: range.from.getTime(), to: range.to.getTime(), histogram: false }]);
  return new Map([...aggregates!].map(([id, aggregate]) => [id, uptimeRatio(aggregate)]));
};

export const latencyPercentiles: Analytics['latencyPercentiles'] = async (pool, integrationIds, range, percentiles) => {
  const [aggregates] = await aggregateWindows(pool, integrationIds, [{ from: range.from.getTime(), to: range.to.getTime(), histogram: true }]);
  return new Map([...aggregates!].map(([id, aggregate]) => [id, percentilesOf(aggregate, percentiles)]));
};

export const sparklines: Analytics['sparklines'] = async (pool, integrationIds, now) => {
  const end = now.getTime();
  const currentHour = floorTo(end, hourMs);
  const hours = Array.from({ length: 24 }, (_, index) => currentHour - (23 - index) * hourMs);
  const windows = hours.map((hour) => ({ from: hour, to: Math.min(hour + hourMs, end), histogram: true }));
  const perHour = await aggregateWindows(pool, integrationIds, windows);
  const points = new Map<number, SparkPoint[]>();
  for (const id of new Set(integrationIds)) {
    points.set(
      id,
      hours.map((hour, index) => {
        const aggregate = perHour[index]!.get(id)!;
        return { hourStart: new Date(hour), p50: percentileOf(aggregate, 50), worst: worstSeen(aggregate) };
      }),
    );
  }
  return points;
};

export const analytics: Analytics = { uptime, latencyPercentiles, sparklines };

export function percentileOf(aggregate: Aggregate, percentile: number): number | null {
  return estimatePercentile(aggregate.histogram, percentile, { min: aggregate.latencyMin, max: aggregate.latencyMax });
}

export function percentilesOf(aggregate: Aggregate, percentiles: readonly Percentile[]): Partial<Record<Percentile, number | null>> {
  const values: Partial<Record<Percentile, number | null>> = {};
  for (const percentile of percentiles) values[percentile] = percentileOf(aggregate, percentile);
  return values;
}

function worstSeen(aggregate: Aggregate): SparkPoint['worst'] {
  if (aggregate.countDown > 0) return 'down';
  if (aggregate.countDegraded > 0) return 'degraded';
  if (aggregate.countUp > 0) return 'up';
  return null;
}

/** A window's health in one object (the getHealth API and the detail page). */
export interface WindowHealth {
  from: Date;
  to: Date;
  uptime: number | null;
  seconds: Record<'up' | 'degraded' | 'down' | 'excluded', number>;
  checks: Record<'up' | 'degraded' | 'down', number>;
  latency: { count: number; mean: number | null; min: number | null; max: number | null; p50: number | null; p95: number | null; p99: number | null };
}

export function windowHealth(aggregate: Aggregate, range: TimeRange): WindowHealth {
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    from: range.from,
    to: range.to,
    uptime: uptimeRatio(aggregate),
    seconds: { up: round(aggregate.secondsUp), degraded: round(aggregate.secondsDegraded), down: round(aggregate.secondsDown), excluded: round(aggregate.secondsExcluded) },
    checks: { up: aggregate.countUp, degraded: aggregate.countDegraded, down: aggregate.countDown },
    latency: {
      count: aggregate.latencyCount,
      mean: aggregate.latencyCount > 0 ? Math.round((aggregate.latencySum / aggregate.latencyCount) * 10) / 10 : null,
      min: aggregate.latencyMin,
      max: aggregate.latencyMax,
      p50: percentileOf(aggregate, 50),
      p95: percentileOf(aggregate, 95),
      p99: percentileOf(aggregate, 99),
    },
  };
}

/** Health of many integrations over several ranges at once (one batch of queries). */
export async function healthOverRanges(pool: pg.Pool, integrationIds: number[], ranges: readonly TimeRange[]): Promise<Map<number, WindowHealth>[]> {
  const perRange = await aggregateWindows(
    pool,
    integrationIds,
    ranges.map((range) => ({ from: range.from.getTime(), to: range.to.getTime(), histogram: true })),
  );
  return perRange.map((aggregates, index) => new Map([...aggregates].map(([id, aggregate]) => [id, windowHealth(aggregate, ranges[index]!)])));
}

/** The dashboard/list summary: uptime 24h/7d/30d and P50/P95/P99 over 24h, for every integration, in one batch. */
export interface HealthSummary {
  uptime: Record<'24h' | '7d' | '30d', number | null>;
  latency24h: Record<'p50' | 'p95' | 'p99', number | null>;
}

export async function healthSummaries(pool: pg.Pool, integrationIds: number[], now: Date): Promise<Map<number, HealthSummary>> {
  const end = now.getTime();
  const summaryWindows = ['24h', '7d', '30d'] as const;
  const perWindow = await aggregateWindows(
    pool,
    integrationIds,
    summaryWindows.map((window) => ({ from: end - windowSeconds[window] * 1000, to: end, histogram: window === '24h' })),
  );
  const summaries = new Map<number, HealthSummary>();
  for (const id of new Set(integrationIds)) {
    const day = perWindow[0]!.get(id)!;
    summaries.set(id, {
      uptime: { '24h': uptimeRatio(day), '7d': uptimeRatio(perWindow[1]!.get(id)!), '30d': uptimeRatio(perWindow[2]!.get(id)!) },
      latency24h: { p50: percentileOf(day, 50), p95: percentileOf(day, 95), p99: percentileOf(day, 99) },
    });
  }
  return summaries;
}

/** What a summary says when nothing is known (or the integration appeared after the batch started). */
export const emptyHealthSummary: HealthSummary = Object.freeze({
  uptime: { '24h': null, '7d': null, '30d': null },
  latency24h: { p50: null, p95: null, p99: null },
});

/** The range a named window ends at `now`. */
export function rangeOfWindow(window: UptimeWindow, now: Date): TimeRange {
  return { from: new Date(now.getTime() - windowSeconds[window] * 1000), to: now };
}
