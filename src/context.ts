/**
 * Everything a request handler or job needs, built once by main.ts (or a test) and passed in.
 * No module reaches for a global: tests build their own context on their own database.
 */
import type { PgBoss } from 'pg-boss';
import type { BadgeFeature } from './badges/feature.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Logger } from './log.ts';
import type { EventBus } from './realtime/bus.ts';
import type { Publisher } from './realtime/publisher.ts';
import type { StateCache } from './realtime/state-cache.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { InTransactionHook } from './store/record-result.ts';

export interface AppContext {
  config: Readonly<Config>;
  log: Logger;
  db: Database;
  boss: PgBoss;
  secrets: SecretBox;
  publisher: Publisher;
  bus: EventBus;
  /** Current state of every integration in memory, kept fresh by `bus` (badges, snapshots, metrics). */
  stateCache: StateCache;
  /** `/badge` routes and embed snippets; holds the badge signing key in a closure, never as a field. */
  badges: BadgeFeature;
  /** Injected clock: tests control "now". */
  clock: () => Date;
  /** Extra work done inside each result's transaction (alert enqueueing). */
  resultHooks: InTransactionHook[];
  /** Vetoes dropping a day of raw history (rollups not built yet); default keeps nothing. */
  keepPartition: (day: Date) => Promise<boolean>;
  /** Readiness facts maintained by main.ts. */
  readiness: Readiness;
  /** Live WebSocket clients of this instance (set when the realtime routes are mounted). */
  realtimeStats?: () => { clients: number };
}

export interface Readiness {
  bossStarted: boolean;
  listenerConnected: () => boolean;
  shuttingDown: boolean;
}
