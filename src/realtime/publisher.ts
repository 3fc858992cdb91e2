/**
 * The one publish point. Every event goes out as a PostgreSQL NOTIFY, after its transaction has
 * committed, and comes back to every instance — this one included — through the listener. So an
 * event is emitted from exactly one place, and all instances see the same stream.
 */
import type pg from 'pg';
import type { Logger } from '../log.ts';
import type { RecordedResult } from '../store/record-result.ts';
import { notifyChannel, type AppEvent } from './events.ts';

export class Publisher {
  readonly #pool: pg.Pool;
  readonly #log: Logger;

  constructor(pool: pg.Pool, log: Logger) {
    this.#pool = pool;
    this.#log = log;
  }

  async publish(...events: AppEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      // One round trip; NOTIFYs in one statement are delivered in order.
      await this.#pool.query(`SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS e(payload, n) ORDER BY n`, [
        notifyChannel,
        events.map((event) => JSON.stringify(event)),
      ]);
    } catch (error) {
      // The data is committed; a lost notification only delays live views until their next resync.
      this.#log.warn({ err: (error as Error).message }, 'could not publish events');
    }
  }

  publishRecorded(recorded: RecordedResult): Promise<void> {
    const events: AppEvent[] = [recorded.check];
    if (recorded.statusChange) {
      const { id: _id, ...change } = recorded.statusChange;
      events.push(change);
    }
    return this.publish(...events);
  }
}
