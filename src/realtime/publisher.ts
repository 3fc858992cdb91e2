/**
 * The one publish point. Every event goes out as a PostgreSQL NOTIFY and comes back to every
 * instance — this one included — through the listener, so an event is emitted from exactly one
 * place and all instances see the same stream. A NOTIFY issued inside a transaction is delivered
 * at its commit and never if it rolls back: results publish that way (`notifyQuery` inside the
 * recording transaction, no extra round trip); everything else publishes after its own commit.
 */
import type pg from 'pg';
import type { Logger } from '../log.ts';
import type { RecordedResult } from '../store/record-result.ts';
import { notifyChannel, type AppEvent } from './events.ts';

/**
 * One statement for any number of events; NOTIFYs in one statement are delivered in order.
 * `firstParameter` numbers its two placeholders when it is appended to a larger statement.
 */
export function notifyQuery(events: readonly AppEvent[], firstParameter = 1): { text: string; values: unknown[] } {
  const [channel, payloads] = [`$${firstParameter}`, `$${firstParameter + 1}`];
  return {
    text: `SELECT pg_notify(${channel}, payload) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS e(payload, n) ORDER BY n`,
    values: [notifyChannel, events.map((event) => JSON.stringify(event))],
  };
}

/** What a recorded result announces: the check, then the status change if there was one. */
export function eventsOfRecorded(recorded: Pick<RecordedResult, 'check' | 'statusChange'>): AppEvent[] {
  const events: AppEvent[] = [recorded.check];
  if (recorded.statusChange) {
    const { id: _id, ...change } = recorded.statusChange;
    events.push(change);
  }
  return events;
}

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
      const { text, values } = notifyQuery(events);
      await this.#pool.query(text, values);
    } catch (error) {
      // The data is committed; a lost notification only delays live views until their next resync.
      this.#log.warn({ err: (error as Error).message }, 'could not publish events');
    }
  }
}
