/**
 * One PostgreSQL connection pool per process, shared by Prisma (through its pg driver adapter)
 * and by the raw SQL in src/store/. pg-boss keeps its own small pool (it needs a dedicated
 * LISTEN connection and must not starve request handling).
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { Logger } from '../log.ts';

export type { PrismaClient };

export interface Database {
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  /** True when a trivial query answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

// Return BIGINT ids as JavaScript numbers: result ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function openDatabase(url: string, log: Logger, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'integration-health',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) => log.warn({ err: error.message }, 'database connection lost; the pool will reconnect'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed: Promise<void> | undefined;
  return {
    url,
    pool,
    prisma,
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        });
        await Promise.race([pool.query('SELECT 1'), timeout]);
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => (closed ??= prisma.$disconnect().then(() => pool.end())),
  };
}
