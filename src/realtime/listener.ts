/**
 * Holds one dedicated connection that LISTENs for AppEvents and hands them to the local bus.
 * When the connection drops (database restart) it reconnects with backoff, forever, and then
 * asks subscribers to resync — notifications sent while it was away are gone.
 */
import pg from 'pg';
import type { Logger } from '../log.ts';
import type { EventBus } from './bus.ts';
import { notifyChannel, type AppEvent } from './events.ts';

export interface EventListener {
  readonly connected: boolean;
  stop(): Promise<void>;
}

export async function startEventListener(databaseUrl: string, bus: EventBus, log: Logger): Promise<EventListener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let connected = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const connect = async (isReconnect: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'integration-health-listen', keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel !== notifyChannel || !message.payload) return;
      try {
        bus.emit(JSON.parse(message.payload) as AppEvent);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'ignored a malformed event');
      }
    });
    next.on('error', (error) => {
      log.warn({ err: error.message }, 'event listener connection lost');
      scheduleReconnect(next);
    });
    next.on('end', () => scheduleReconnect(next));
    await next.connect();
    await next.query(`LISTEN ${notifyChannel}`);
    client = next;
    connected = true;
    attempt = 0;
    if (isReconnect) {
      log.info('event listener reconnected');
      bus.resync();
    }
  };

  const scheduleReconnect = (failed: pg.Client) => {
    if (stopped || failed !== client) return;
    connected = false;
    client = undefined;
    failed.end().catch(() => undefined);
    retry();
  };

  const retry = () => {
    if (stopped || retryTimer) return;
    const delay = Math.min(30_000, 250 * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect(true).catch((error: Error) => {
        log.debug({ err: error.message, attempt }, 'event listener reconnect failed');
        retry();
      });
    }, delay);
    retryTimer.unref();
  };

  await connect(false);
  return {
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      connected = false;
      await client?.end().catch(() => undefined);
    },
  };
}
