/**
 * In-process fan-out of AppEvents that arrived through PostgreSQL LISTEN. Subscribers (WebSocket
 * hubs, the badge cache, metrics) never throw into each other: a failing one is logged.
 */
import type { Logger } from '../log.ts';
import type { AppEvent } from './events.ts';

type Listener = (event: AppEvent) => void;

export class EventBus {
  readonly #listeners = new Set<Listener>();
  readonly #resyncListeners = new Set<() => void>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after the LISTEN connection was re-established: events may have been missed. */
  onResync(listener: () => void): () => void {
    this.#resyncListeners.add(listener);
    return () => this.#resyncListeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#log.error({ err: (error as Error).message, event: event.type }, 'event subscriber failed');
      }
    }
  }

  resync(): void {
    for (const listener of this.#resyncListeners) {
      try {
        listener();
      } catch (error) {
        this.#log.error({ err: (error as Error).message }, 'resync subscriber failed');
      }
    }
  }
}
