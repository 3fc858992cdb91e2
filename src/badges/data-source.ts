/**
 * The real BadgeDataSource: current state from the in-memory StateCache (no query per request),
 * uptime and latency from the analytics functions for one integration.
 *
 * Uptime and latency values are cached per (integration, window) for a few seconds, whatever the
 * label, style or colour of the badge asking: the badge module caches each rendered variant, so
 * without this a README that embeds ten looks of one badge — or a flood of random `label`s —
 * would turn into one analytics query per variant. One latency query fetches P50, P95 and P99
 * together, so the three percentile badges share it. Concurrent misses share one promise, and a
 * failure is remembered just as briefly, so a database outage is not hammered by badge traffic.
 */
import type pg from 'pg';
import type { Analytics, Percentile, TimeRange } from '../analytics/types.ts';
import { windowSeconds } from '../analytics/types.ts';
import type { StateCache } from '../realtime/state-cache.ts';
import { LruCache } from './cache.ts';
import { BADGE_PERCENTILES, type BadgeDataSource, type BadgePercentile, type BadgeSubject, type BadgeWindow } from './types.ts';

export const DEFAULT_BADGE_VALUE_TTL_MS = 5_000;

export interface BadgeDataSourceDeps {
  state: Pick<StateCache, 'get' | 'all' | 'version'>;
  pool: pg.Pool;
  analytics: Pick<Analytics, 'uptime' | 'latencyPercentiles'>;
  clock: () => Date;
  /** How long one uptime/latency value is reused. Default 5 s. */
  valueTtlMs?: number;
  /** Bound of the value cache (5 windows × 2 metrics per integration). Default 10,000. */
  maxEntries?: number;
}

interface CachedValue<T> {
  expiresAt: number;
  value: Promise<T>;
}

type LatencyByPercentile = Partial<Record<Percentile, number | null>>;

export function createBadgeDataSource(deps: BadgeDataSourceDeps): BadgeDataSource {
  const ttlMs = deps.valueTtlMs ?? DEFAULT_BADGE_VALUE_TTL_MS;
  const values = new LruCache<CachedValue<unknown>>(deps.maxEntries ?? 10_000);

  function rangeFor(window: BadgeWindow): TimeRange {
    const to = deps.clock();
    return { from: new Date(to.getTime() - windowSeconds[window] * 1000), to };
  }

  /** The cached promise for `key`, or a new one from `load`. Keyed by id: a re-created slug starts fresh. */
  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = deps.clock().getTime();
    const hit = values.get(key) as CachedValue<T> | undefined;
    if (hit && now < hit.expiresAt) return hit.value;
    const value = load();
    values.set(key, { expiresAt: now + ttlMs, value });
    // Rejections are handled by whoever awaits; this only stops an unobserved one crashing the process.
    value.catch(() => undefined);
    return value;
  }

  function idOf(slug: string): number | undefined {
    return deps.state.get(slug)?.id;
  }

  return {
    getSubject(slug: string): BadgeSubject | undefined {
      return deps.state.get(slug);
    },

    listSubjects(): Iterable<BadgeSubject> {
      return deps.state.all();
    },

    async getUptime(slug: string, window: BadgeWindow): Promise<number | null> {
      const id = idOf(slug);
      if (id === undefined) return null;
      return cached(`uptime:${id}:${window}`, async () => {
        const byId = await deps.analytics.uptime(deps.pool, [id], rangeFor(window));
        return byId.get(id) ?? null;
      });
    },

    async getLatencyPercentile(slug: string, p: BadgePercentile, window: BadgeWindow): Promise<number | null> {
      const id = idOf(slug);
      if (id === undefined) return null;
      const all = await cached<LatencyByPercentile>(`latency:${id}:${window}`, async () => {
        const byId = await deps.analytics.latencyPercentiles(deps.pool, [id], rangeFor(window), BADGE_PERCENTILES);
        return byId.get(id) ?? {};
      });
      return all[p] ?? null;
    },

    version(): number {
      return deps.state.version();
    },
  };
}
