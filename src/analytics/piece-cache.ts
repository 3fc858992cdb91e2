/**
 * A bounded LRU of window pieces, one per database pool (a WeakMap keyed by the pool, so two
 * apps in one process — tests — never share entries, and the cache goes with its pool).
 *
 * What is cached is immutable or versioned, so a hit is always what the database would say:
 * - rollup totals of a piece, versioned by the integration's newest hourly row (its bucket and
 *   `computed_at`): every rollup run that changes any row of an integration rewrites that row;
 * - raw timelines of whole hours that the rollup job itself treats as final (older than its
 *   lookback), which no late result can change any more.
 * Without it, every dashboard refresh would re-read thousands of rows that have not changed.
 */
export class PieceCache<V> {
  readonly #entries = new Map<string, { version: string; value: V }>();
  readonly maxEntries: number;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get(key: string, version: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    // Re-insert: Map order is the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { version, value });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** ~10,000 entries of a few KB each: a few tens of MB at worst, ~100 entries per integration shown. */
export const defaultMaxEntries = 10_000;

const caches = new WeakMap<object, PieceCache<unknown>>();

export function pieceCacheFor<V>(owner: object): PieceCache<V> {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new PieceCache<unknown>(defaultMaxEntries)));
  return cache as PieceCache<V>;
}
