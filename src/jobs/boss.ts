/**
 * pg-boss on the application's own database: its schema (`pgboss`) is created on first start.
 * Background errors become log events; they never crash the process.
 */
import { PgBoss } from 'pg-boss';
import type { Logger } from '../log.ts';
import { queueDefinitions } from './queues.ts';

export type { PgBoss };

export interface BossOptions {
  /** Run pg-boss's own maintenance and cron timers (false for a web-only instance). */
  supervise: boolean;
  instanceName?: string;
  /** Connections of pg-boss's own pool. */
  max?: number;
}

export async function startBoss(databaseUrl: string, log: Logger, options: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: 'integration-health-jobs',
    max: options.max ?? 6,
    useListenNotify: true,
    supervise: options.supervise,
    schedule: options.supervise,
    instanceName: options.instanceName,
    // Find checks abandoned by a killed worker (missed heartbeats) within seconds, not minutes.
    superviseIntervalSeconds: 10,
    queueCacheIntervalSeconds: 10,
  });
  boss.on('error', (error) => log.error({ component: 'pg-boss', err: error.message }, 'job queue error'));
  boss.on('warning', (warning) => log.warn({ component: 'pg-boss', warning }, 'job queue warning'));
  await boss.start();
  for (const [name, definition] of Object.entries(queueDefinitions)) {
    if (await boss.getQueue(name)) continue;
    // Another instance may create it at the same moment; what matters is that it exists.
    await boss.createQueue(name, definition).catch(async (error: Error) => {
      if (!(await boss.getQueue(name))) throw error;
    });
  }
  return boss;
}
