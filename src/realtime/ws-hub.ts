/**
 * The WebSocket hub of one instance. It hears every instance's events through the bus (LISTEN/
 * NOTIFY) and pushes to its own clients:
 *
 * - pages (`/ws?view=…`) get HTML fragments for out-of-band swaps (see page-updates.tsx);
 * - API clients (`/api/v1/events`) get a compact JSON snapshot, then one message per event.
 *
 * Events are coalesced for `coalesceMs`: a burst becomes one flush that re-reads the changed
 * rows in one query, loads their analytics in one batch, renders each fragment once per distinct
 * view (not per client) and sends the same string to every client of that view. The hub keeps a
 * model of what its pages show (one light row per integration), updated only by flushes, so it
 * can tell whether a change replaces, removes or adds a row on a filtered page. With no clients
 * it does no work at all.
 *
 * A client that connects (or reconnects) is served in the next flush: pages get everything they
 * show re-rendered (unless the page was rendered moments ago and nothing it shows has changed
 * since), API clients get a snapshot. Events that arrive for an API client before its snapshot
 * is sent are held and sent after it, so nothing falls between the two.
 */
import type pg from 'pg';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import type { EventBus } from './bus.ts';
import type { AppEvent, CheckCompletedEvent, StatusChangedEvent } from './events.ts';
import { jsonMessageOf, snapshotOf } from './json-events.ts';
import { viewKey, type PageView } from './page-views.ts';
import { needsFullList, renderIncremental, statsNeeded, type Batch, type Change } from './page-updates.tsx';
import { loadDetailExtras, renderFull, statsForFull } from './page-refresh.tsx';
import { SocketKeeper, type Outgoing } from './socket-keeper.ts';
import { listTileRows, type TileRow } from '../store/dashboard.ts';
import type { TileStatsCache } from './tile-stats-cache.ts';
import { historyLimit } from '../../views/pages/detail.tsx';

interface PageClient {
  kind: 'page';
  socket: WebSocket;
  view: PageView;
  key: string;
  /** When the page's HTML was rendered (ms); lets the first connect skip a needless re-render. */
  renderedAt: number | undefined;
  /** Set after a resync: the page may have missed events and must be re-rendered. */
  stale: boolean;
}

interface JsonClient {
  kind: 'json';
  socket: WebSocket;
  /** Messages held until the snapshot has been sent (undefined once live). */
  held: Outgoing[] | undefined;
}

type Client = PageClient | JsonClient;

interface PendingChange {
  checks: CheckCompletedEvent[];
  statusChanges: StatusChangedEvent[];
}

export interface HubOptions {
  pool: pg.Pool;
  bus: EventBus;
  log: Logger;
  clock: () => Date;
  /** Analytics of tiles, shared with the page routes. */
  tileStats: TileStatsCache;
  /** How long events are gathered before one flush (ms). */
  coalesceMs?: number;
  /** Protocol-level ping period; clients that miss a pong are dropped (ms). */
  pingIntervalMs?: number;
  /** A client whose unsent data exceeds this is closed (1013): it reconnects and starts fresh. */
  maxBufferedBytes?: number;
}

/** A page rendered less than this long ago is trusted on connect if nothing it shows changed. */
const freshPageMs = 30_000;
/** Clock skew and commit-to-notify delay tolerated by that trust. */
const freshnessMarginMs = 2_000;
/** Checks kept per integration per flush (a detail page shows 20 rows anyway). */
const maxChecksPerFlush = historyLimit;

export class RealtimeHub {
  readonly #options: Required<HubOptions>;
  readonly #clients = new Set<Client>();
  readonly #bySocket = new Map<WebSocket, Client>();
  /** JSON messages of the events heard in the current tick (see #onEvent). */
  readonly #jsonOutbox: Buffer[] = [];
  readonly #keeper: SocketKeeper;
  /** Connected, waiting for their first render or snapshot (served in the next flush). */
  #waiting: Client[] = [];
  #model: Map<number, TileRow> | undefined;
  #pending = new Map<number, PendingChange>();
  #reloadAll = false;
  /** Last event time per integration (ms), for the freshness test of newly connected pages. */
  readonly #lastEventAt = new Map<number, number>();
  readonly #startedAt = Date.now();
  #timer: NodeJS.Timeout | undefined;
  #flushing = false;
  #flushAgain = false;
  #retryMs = 0;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(options: HubOptions) {
    this.#options = { coalesceMs: 75, pingIntervalMs: 30_000, maxBufferedBytes: 4 * 1024 * 1024, ...options };
    this.#keeper = new SocketKeeper({
      intervalMs: this.#options.pingIntervalMs,
      maxBufferedBytes: this.#options.maxBufferedBytes,
      onGone: (socket) => this.#remove(socket),
    });
    this.#unsubscribe.push(options.bus.subscribe((event) => this.#onEvent(event)));
    this.#unsubscribe.push(options.bus.onResync(() => this.#onResync()));
  }

  /** Counts for system metrics. */
  stats(): { clients: number; pages: number; api: number } {
    let pages = 0;
    for (const client of this.#clients) if (client.kind === 'page') pages += 1;
    return { clients: this.#clients.size, pages, api: this.#clients.size - pages };
  }

  addPage(socket: WebSocket, view: PageView, renderedAt: number | undefined): void {
    this.#add({ kind: 'page', socket, view, key: viewKey(view), renderedAt, stale: false });
  }

  addApiClient(socket: WebSocket): void {
    this.#add({ kind: 'json', socket, held: [] });
  }

  stop(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    clearTimeout(this.#timer);
    this.#keeper.stop();
  }

  #add(client: Client): void {
    this.#clients.add(client);
    this.#bySocket.set(client.socket, client);
    this.#waiting.push(client);
    this.#keeper.watch(client.socket);
    this.#schedule(0);
  }

  #remove(socket: WebSocket): void {
    const client = this.#bySocket.get(socket);
    if (!client) return;
    this.#bySocket.delete(socket);
    this.#clients.delete(client);
    if (this.#clients.size === 0) {
      // Nobody is watching: forget the model and pending work; the next client starts fresh.
      this.#model = undefined;
      this.#pending.clear();
      this.#waiting = [];
    }
  }

  #onEvent(event: AppEvent): void {
    if (event.type === 'alert.sent') return;
    this.#lastEventAt.set(event.integrationId, Date.now());
    if (this.#clients.size === 0) return;
    const message = jsonMessageOf(event);
    if (message) {
      // A result's events arrive together (one NOTIFY statement): gather them in this tick and
      // send them to each client in one write, encoded once for all clients.
      if (this.#jsonOutbox.push(Buffer.from(JSON.stringify(message))) === 1) queueMicrotask(() => this.#sendJsonOutbox());
    }
    let pending = this.#pending.get(event.integrationId);
    if (!pending) this.#pending.set(event.integrationId, (pending = { checks: [], statusChanges: [] }));
    if (event.type === 'check.completed') {
      pending.checks.push(event);
      if (pending.checks.length > maxChecksPerFlush) pending.checks.shift();
    } else if (event.type === 'status.changed') {
      pending.statusChanges.push(event);
      if (pending.statusChanges.length > maxChecksPerFlush) pending.statusChanges.shift();
    }
    this.#schedule(this.#options.coalesceMs);
  }

  #sendJsonOutbox(): void {
    const messages = this.#jsonOutbox.splice(0);
    for (const client of this.#clients) {
      if (client.kind !== 'json') continue;
      if (client.held) client.held.push(...messages);
      else this.#keeper.send(client.socket, messages);
    }
  }

  /** The LISTEN connection came back: events may be lost, so every client starts over. */
  #onResync(): void {
    if (this.#clients.size === 0) return;
    this.#reloadAll = true;
    for (const client of this.#clients) {
      if (client.kind === 'page') client.stale = true;
      else client.held = [];
      if (!this.#waiting.includes(client)) this.#waiting.push(client);
    }
    this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#flushing) {
      this.#flushAgain = true;
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.#run(), Math.max(delayMs, this.#retryMs));
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#flushing = true;
    try {
      await this.#flush();
      this.#retryMs = 0;
    } catch (error) {
      // Database trouble: keep everything queued and try again with backoff (never throw out).
      this.#retryMs = Math.min(10_000, Math.max(500, this.#retryMs * 2));
      this.#flushAgain = true;
      this.#options.log.warn({ err: (error as Error).message, retryMs: this.#retryMs }, 'live update failed; retrying');
    } finally {
      this.#flushing = false;
      if (this.#flushAgain && this.#clients.size > 0) {
        this.#flushAgain = false;
        this.#schedule(this.#options.coalesceMs);
      }
    }
  }

  async #flush(): Promise<void> {
    if (this.#clients.size === 0) return;
    const newcomers = this.#waiting.splice(0).filter((client) => this.#clients.has(client));
    const pending = this.#pending;
    this.#pending = new Map();
    const reloadAll = this.#reloadAll || this.#model === undefined;
    this.#reloadAll = false;
    try {
      await this.#serve(newcomers, pending, reloadAll);
    } catch (error) {
      // Put the work back for the retry; newer events may have joined meanwhile.
      this.#waiting.unshift(...newcomers.filter((client) => this.#clients.has(client) && !this.#waiting.includes(client)));
      for (const [id, change] of pending) {
        const newer = this.#pending.get(id);
        this.#pending.set(id, newer ? { checks: [...change.checks, ...newer.checks], statusChanges: [...change.statusChanges, ...newer.statusChanges] } : change);
      }
      if (reloadAll) this.#reloadAll = true;
      throw error;
    }
  }

  async #serve(newcomers: Client[], pending: Map<number, PendingChange>, reloadAll: boolean): Promise<void> {
    const { pool } = this.#options;
    const model = new Map(reloadAll ? [] : this.#model);
    const changes: Change[] = [];
    if (reloadAll) {
      for (const row of await listTileRows(pool)) model.set(row.id, row);
    } else if (pending.size > 0) {
      const rows = new Map((await listTileRows(pool, { ids: [...pending.keys()] })).map((row) => [row.id, row]));
      for (const [id, events] of pending) {
        const after = rows.get(id);
        changes.push({ id, before: model.get(id), after, ...events });
        if (after) model.set(id, after);
        else model.delete(id);
      }
    }
    const now = this.#options.clock();

    // Decide, per distinct view, whether its pages get an incremental update or a full render.
    const newcomerSet = new Set(newcomers);
    const incremental = new Map<string, { view: PageView; clients: PageClient[] }>();
    const full = new Map<string, { view: PageView; clients: PageClient[] }>();
    const add = (target: typeof full, client: PageClient) => {
      const group = target.get(client.key);
      if (group) group.clients.push(client);
      else target.set(client.key, { view: client.view, clients: [client] });
    };
    for (const client of this.#clients) {
      if (client.kind !== 'page') continue;
      if (!newcomerSet.has(client)) {
        if (!reloadAll) add(incremental, client);
        else add(full, client);
      } else if (client.stale || !this.#pageIsFresh(client, model)) {
        add(full, client);
      }
      client.stale = false;
    }
    const batch: Batch = { changes, model, stats: new Map(), now };
    for (const [key, group] of incremental) {
      if (needsFullList(group.view, batch)) {
        incremental.delete(key);
        for (const client of group.clients) add(full, client);
      }
    }

    // Changed rows get fresh analytics; full renders take the rest from the shared cache.
    const changedIds = new Set<number>();
    if (changes.length > 0) for (const group of incremental.values()) for (const id of statsNeeded(group.view, batch)) changedIds.add(id);
    const otherIds = new Set<number>();
    for (const group of full.values()) for (const id of statsForFull(group.view, model)) if (!changedIds.has(id)) otherIds.add(id);
    const [fresh, cached, extras] = await Promise.all([
      this.#options.tileStats.refresh([...changedIds], now),
      this.#options.tileStats.get([...otherIds], now),
      loadDetailExtras(this.#options.pool, [...full.values()].map((group) => group.view), model),
    ]);
    const stats = new Map([...cached, ...fresh]);

    // Everything is read: commit the model, render once per view, send.
    this.#model = model;
    const rendered: Batch = { ...batch, stats };
    const memo = new Map<string, string>();
    if (changes.length > 0) {
      for (const group of incremental.values()) {
        const messages = renderIncremental(group.view, rendered, memo).map((html) => Buffer.from(html));
        for (const client of group.clients) this.#keeper.send(client.socket, messages);
      }
    }
    for (const group of full.values()) {
      const messages = renderFull(group.view, rendered, group.view.kind === 'detail' ? extras.get(group.view.slug) : undefined).map((html) => Buffer.from(html));
      for (const client of group.clients) this.#keeper.send(client.socket, messages);
    }
    const jsonNewcomers = newcomers.filter((client): client is JsonClient => client.kind === 'json');
    if (jsonNewcomers.length > 0) {
      const snapshot = JSON.stringify(snapshotOf(model.values()));
      for (const client of jsonNewcomers) {
        const held = client.held ?? [];
        client.held = undefined;
        this.#keeper.send(client.socket, [snapshot, ...held]);
      }
    }
  }

  /**
   * A page rendered moments ago already shows the current state, unless one of its integrations
   * had an event since (minus a margin for clock skew between instances and notify delay).
   */
  #pageIsFresh(client: PageClient, model: Map<number, TileRow>): boolean {
    const renderedAt = client.renderedAt;
    if (renderedAt === undefined || Date.now() - renderedAt > freshPageMs || renderedAt - freshnessMarginMs < this.#startedAt) return false;
    const since = renderedAt - freshnessMarginMs;
    const view = client.view;
    for (const row of model.values()) {
      // Any integration in the page's tag scope counts (a status filter may let one in).
      const shown = view.kind === 'dashboard' || view.kind === 'board' ? !view.tag || row.tags.includes(view.tag) : row.slug === view.slug;
      if (shown && (this.#lastEventAt.get(row.id) ?? 0) >= since) return false;
    }
    return true;
  }
}
