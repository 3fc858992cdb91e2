/**
 * A size-bounded LRU built on Map's insertion order. The bound is the point: a peer cached every
 * distinct badge URL and unique query strings grew its memory by ~400 MB (DESIGN.md, "Scale and
 * failure"). Eviction is O(1) per insert, so there is never a big expiry sweep that could stall
 * the event loop; stale entries are simply replaced when next read.
 */
import type { RenderedBadge } from './types.ts';

export const DEFAULT_BADGE_CACHE_ENTRIES = 5_000;

/** A rendered badge plus what decides whether it may still be served. */
export interface CachedBadge {
  rendered: RenderedBadge;
  /** `data.version()` it was rendered at, or null when the bytes do not depend on data. */
  version: number | null;
  /** Epoch ms after which it must be rendered again (Infinity: only a version change expires it). */
  expiresAt: number;
}

export class LruCache<V> {
  readonly maxEntries: number;
  readonly #entries = new Map<string, V>();
  #hits = 0;
  #misses = 0;

  constructor(maxEntries: number = DEFAULT_BADGE_CACHE_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`LruCache: maxEntries must be a positive integer, got ${String(maxEntries)}`);
    }
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Hit/miss counters, for metrics and for tests that check normalisation. */
  stats(): { size: number; hits: number; misses: number } {
    return { size: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) {
      this.#misses += 1;
      return undefined;
    }
    this.#hits += 1;
    // Re-insert to mark as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
