/**
 * Uptime and sparklines per integration, kept for a minute. They are the expensive part of a
 * dashboard (the analytics read every row of the last 30 days), and they hardly move between
 * two checks — so a page load reads only what changed since the last one. An entry is dropped
 * as soon as any instance reports an event for its integration (bus), when its hour ends (the
 * sparkline shifts) and after `ttlMs`; the hub refreshes the entries of what it just pushed.
 */
import type pg from 'pg';
import type { EventBus } from './bus.ts';
import { loadTileStats, type TileStats } from '../store/dashboard.ts';

const hourMs = 3_600_000;

interface Entry {
  stats: TileStats;
  at: number;
}

export class TileStatsCache {
  readonly #entries = new Map<number, Entry>();
  readonly #pool: pg.Pool;
  readonly #ttlMs: number;

  constructor(pool: pg.Pool, bus: EventBus, ttlMs = 60_000) {
    this.#pool = pool;
    this.#ttlMs = ttlMs;
    bus.subscribe((event) => {
      if (event.type !== 'alert.sent') this.#entries.delete(event.integrationId);
    });
    bus.onResync(() => this.#entries.clear());
  }

  /** Stats for `ids`, loading (in one batch) only those missing or stale. */
  async get(ids: number[], now: Date): Promise<Map<number, TileStats>> {
    const result = new Map<number, TileStats>();
    const missing: number[] = [];
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (entry && this.#fresh(entry, now)) result.set(id, entry.stats);
      else missing.push(id);
    }
    if (missing.length > 0) for (const [id, stats] of await this.refresh(missing, now)) result.set(id, stats);
    return result;
  }

  /** Loads `ids` afresh (they just changed) and keeps the result. */
  async refresh(ids: number[], now: Date): Promise<Map<number, TileStats>> {
    const loaded = await loadTileStats(this.#pool, ids, now);
    for (const [id, stats] of loaded) this.#entries.set(id, { stats, at: now.getTime() });
    return loaded;
  }

  get size(): number {
    return this.#entries.size;
  }

  #fresh(entry: Entry, now: Date): boolean {
    const age = now.getTime() - entry.at;
    return age >= 0 && age < this.#ttlMs && Math.floor(entry.at / hourMs) === Math.floor(now.getTime() / hourMs);
  }
}
