/**
 * The analytics contract used by the dashboard, the badges and the API. Implemented in
 * src/analytics/ (uptime from raw rows where they exist and from rollups beyond; percentiles
 * from mergeable log-bucket histograms). Every function takes many integrations at once so
 * callers never query per integration.
 */
import type pg from 'pg';

export const uptimeWindows = ['24h', '7d', '30d', '90d', '1y'] as const;
export type UptimeWindow = (typeof uptimeWindows)[number];

export const windowSeconds: Record<UptimeWindow, number> = {
  '24h': 86_400,
  '7d': 7 * 86_400,
  '30d': 30 * 86_400,
  '90d': 90 * 86_400,
  '1y': 365 * 86_400,
};

export type Percentile = 50 | 95 | 99;

export interface TimeRange {
  from: Date;
  to: Date;
}

/** One hour of a sparkline: the median latency and the worst status seen in that hour. */
export interface SparkPoint {
  hourStart: Date;
  p50: number | null;
  worst: 'up' | 'degraded' | 'down' | null;
}

export interface Analytics {
  /** Time-weighted uptime ratio 0..1 per integration (null when nothing is known in the range). */
  uptime(pool: pg.Pool, integrationIds: number[], range: TimeRange): Promise<Map<number, number | null>>;
  /** Latency percentiles in ms per integration over the range. */
  latencyPercentiles(pool: pg.Pool, integrationIds: number[], range: TimeRange, percentiles: readonly Percentile[]): Promise<Map<number, Partial<Record<Percentile, number | null>>>>;
  /** 24 hourly points ending at `now` per integration, for dashboard sparklines. */
  sparklines(pool: pg.Pool, integrationIds: number[], now: Date): Promise<Map<number, SparkPoint[]>>;
}
