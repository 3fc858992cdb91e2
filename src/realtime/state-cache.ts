/**
 * The current state of every integration, in memory, kept fresh by the event bus. Hot readers
 * (badges, WebSocket snapshots, metrics) read it synchronously instead of querying PostgreSQL
 * per request; a change stored by any instance reaches this map through NOTIFY within
 * milliseconds.
 *
 * - Start: one query loads every integration.
 * - `check.completed` / `status.changed`: the event carries the status; applied in place, no query.
 * - `integration.changed`: that row is re-read (created/updated) or dropped (deleted). Re-reads
 *   that arrive together are coalesced into one `id IN (…)` query.
 * - `bus.onResync` (LISTEN reconnected, events may be lost) and a slow periodic refresh reload
 *   everything. The refresh also catches what no event carries (certificate days) and
 *   notifications the publisher failed to send (it logs and moves on).
 *
 * Loads run one at a time. Status events that arrive while a load is in flight are replayed on
 * top of its rows, so a row read just before a check committed cannot roll the status back.
 * `version()` moves only when a field actually changes, so readers can cache per version.
 */
import type { Logger } from '../log.ts';
import type { Status } from '../domain/status.ts';
import type { PrismaClient } from '../db/database.ts';
import type { EventBus } from './bus.ts';
import type { AppEvent } from './events.ts';

/** One integration as hot readers see it: no config, no secrets, no history. Never mutated. */
export interface IntegrationState {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly public: boolean;
  readonly status: Status;
  readonly tags: readonly string[];
  /** Whole days to TLS certificate expiry from the last TLS-aware check; null = unknown. */
  readonly certificateDaysRemaining: number | null;
}

export interface StateCacheOptions {
  prisma: PrismaClient;
  bus: EventBus;
  log: Logger;
  /** Full reload period (ms); 0 turns it off. Default 60 s. */
  refreshIntervalMs?: number;
  /** Wait before retrying a failed load (ms). Default 1 s. */
  retryDelayMs?: number;
}

export const DEFAULT_STATE_REFRESH_MS = 60_000;

type ReplayedEvent = { id: number } & ({ status: Status } | { deleted: true });

interface StateRow {
  id: number;
  slug: string;
  name: string;
  isPublic: boolean;
  status: Status;
  tags: string[];
  certificateDaysRemaining: number | null;
}

const stateSelect = { id: true, slug: true, name: true, isPublic: true, status: true, tags: true, certificateDaysRemaining: true } as const;

export class StateCache {
  readonly #byId = new Map<number, IntegrationState>();
  readonly #bySlug = new Map<string, IntegrationState>();
  readonly #prisma: PrismaClient;
  readonly #log: Logger;
  readonly #retryDelayMs: number;
  readonly #unsubscribe: (() => void)[] = [];
  #version = 0;
  #loading = false;
  /** Status events seen while a load is in flight (empty otherwise). */
  #recent: ReplayedEvent[] = [];
  #pendingIds = new Set<number>();
  #fullReloadWanted = false;
  #draining: Promise<void> | undefined;
  #refreshTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  private constructor(options: StateCacheOptions) {
    this.#prisma = options.prisma;
    this.#log = options.log;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
  }

  /** Subscribes first, then loads, so nothing published during the first load is missed. */
  static async start(options: StateCacheOptions): Promise<StateCache> {
    const cache = new StateCache(options);
    cache.#unsubscribe.push(options.bus.subscribe((event) => cache.#onEvent(event)));
    cache.#unsubscribe.push(options.bus.onResync(() => void cache.reload()));
    // Hold the load slot during the first load: re-reads asked for meanwhile queue behind it.
    let release = () => {};
    cache.#draining = new Promise<void>((resolve) => (release = resolve));
    try {
      await cache.#load(undefined);
    } catch (error) {
      cache.stop();
      throw error;
    } finally {
      cache.#draining = undefined;
      release();
    }
    void cache.#drain();
    const every = options.refreshIntervalMs ?? DEFAULT_STATE_REFRESH_MS;
    if (every > 0) {
      cache.#refreshTimer = setInterval(() => void cache.reload(), every);
      cache.#refreshTimer.unref();
    }
    return cache;
  }

  get(slug: string): IntegrationState | undefined {
    return this.#bySlug.get(slug);
  }

  getById(id: number): IntegrationState | undefined {
    return this.#byId.get(id);
  }

  all(): IterableIterator<IntegrationState> {
    return this.#byId.values();
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Increments on every change of any field of any integration (added and removed included). */
  version(): number {
    return this.#version;
  }

  /** Reloads everything; resolves when this and any queued load are done (never rejects). */
  reload(): Promise<void> {
    this.#fullReloadWanted = true;
    return this.#drain();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#refreshTimer);
    clearTimeout(this.#retryTimer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  #onEvent(event: AppEvent): void {
    switch (event.type) {
      case 'check.completed':
        this.#applyStatus(event.integrationId, event.status);
        break;
      case 'status.changed':
        this.#applyStatus(event.integrationId, event.to);
        break;
      case 'integration.changed':
        if (event.action === 'deleted') this.#applyDelete(event.integrationId);
        else this.#reread(event.integrationId);
        break;
      default:
        break;
    }
  }

  #applyStatus(id: number, status: Status): void {
    if (this.#loading) this.#recent.push({ id, status });
    const current = this.#byId.get(id);
    // Unknown id: its `integration.changed` is still on its way (or lost); read the row.
    if (!current) return this.#reread(id);
    if (current.status !== status) this.#put({ ...current, status });
  }

  #applyDelete(id: number): void {
    if (this.#loading) this.#recent.push({ id, deleted: true });
    this.#remove(id);
  }

  #reread(id: number): void {
    this.#pendingIds.add(id);
    void this.#drain();
  }

  /** Runs queued loads one at a time; callers share the same promise. */
  #drain(): Promise<void> {
    if (this.#draining) return this.#draining;
    this.#draining = (async () => {
      // Let events of the same tick (a burst of creations) join one query.
      await new Promise((resolve) => setImmediate(resolve));
      for (;;) {
        if (this.#stopped || (!this.#fullReloadWanted && this.#pendingIds.size === 0)) {
          this.#draining = undefined;
          return;
        }
        const ids = this.#fullReloadWanted ? undefined : [...this.#pendingIds];
        this.#fullReloadWanted = false;
        this.#pendingIds.clear();
        try {
          await this.#load(ids);
        } catch (error) {
          this.#log.warn({ err: (error as Error).message, rows: ids?.length ?? 'all' }, 'state cache load failed; reloading everything shortly');
          this.#scheduleRetry();
        }
      }
    })();
    return this.#draining;
  }

  /** A failed load means database trouble: one full reload later covers whatever was asked for. */
  #scheduleRetry(): void {
    if (this.#stopped || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.reload();
    }, this.#retryDelayMs);
    this.#retryTimer.unref();
  }

  async #load(ids: number[] | undefined): Promise<void> {
    this.#loading = true;
    try {
      const rows = await this.#prisma.integration.findMany({ select: stateSelect, ...(ids ? { where: { id: { in: ids } } } : {}) });
      if (!this.#stopped) this.#apply(rows, ids);
    } finally {
      this.#loading = false;
      this.#recent = [];
    }
  }

  /** Rows of one load, then the status events that arrived while it was in flight. */
  #apply(rows: StateRow[], ids: number[] | undefined): void {
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.id);
      const next: IntegrationState = {
        id: row.id,
        slug: row.slug,
        name: row.name,
        public: row.isPublic,
        status: row.status,
        tags: row.tags,
        certificateDaysRemaining: row.certificateDaysRemaining,
      };
      const current = this.#byId.get(row.id);
      if (!current || !sameState(current, next)) this.#put(next);
    }
    for (const id of ids ?? [...this.#byId.keys()]) if (!seen.has(id)) this.#remove(id);
    for (const event of this.#recent) {
      if (ids && !ids.includes(event.id)) continue;
      if ('deleted' in event) this.#remove(event.id);
      else {
        const current = this.#byId.get(event.id);
        if (current && current.status !== event.status) this.#put({ ...current, status: event.status });
      }
    }
  }

  #put(state: IntegrationState): void {
    const previous = this.#byId.get(state.id);
    if (previous && previous.slug !== state.slug) this.#bySlug.delete(previous.slug);
    this.#byId.set(state.id, state);
    this.#bySlug.set(state.slug, state);
    this.#version += 1;
  }

  #remove(id: number): void {
    const previous = this.#byId.get(id);
    if (!previous) return;
    this.#byId.delete(id);
    if (this.#bySlug.get(previous.slug) === previous) this.#bySlug.delete(previous.slug);
    this.#version += 1;
  }
}

function sameState(a: IntegrationState, b: IntegrationState): boolean {
  return (
    a.slug === b.slug &&
    a.name === b.name &&
    a.public === b.public &&
    a.status === b.status &&
    a.certificateDaysRemaining === b.certificateDaysRemaining &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}
