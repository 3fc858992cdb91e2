/**
 * Shared pieces for benchmarks: a fresh database, bulk-created integrations with their
 * scheduled jobs, a keep-alive HTTP target, percentiles. Everything stays on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { applyMigrations } from '../../src/store/migrations.ts';
import { ensurePartitions } from '../../src/store/partitions.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { createLogger } from '../../src/log.ts';

export { createTestDatabase, type TestDatabase };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface PreparedDatabase {
  database: TestDatabase;
  pool: pg.Pool;
  boss: PgBoss;
  close(): Promise<void>;
}

/** A migrated database with pg-boss installed (its own boss is only used to insert jobs). */
export async function prepareDatabase(): Promise<PreparedDatabase> {
  const database = await createTestDatabase('ih_bench');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await applyMigrations(pool);
  await ensurePartitions(pool, new Date(), 3);
  const boss = await startBoss(database.url, createLogger('silent'), { supervise: false });
  return {
    database,
    pool,
    boss,
    async close() {
      await boss.stop({ graceful: false, close: true });
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * Inserts `count` http integrations against `url` and one scheduled job each, due at times
 * spread evenly over `spreadSeconds` from now (the steady state of a long-running server).
 */
export async function createIntegrations(db: PreparedDatabase, count: number, url: string, intervalSeconds: number, spreadSeconds: number): Promise<void> {
  const config = JSON.stringify({ url, method: 'GET', headers: {}, secretHeaders: {}, expectedStatus: ['200-299'], jsonAssertions: [], maxRedirects: 5 });
  await db.pool.query(
    `INSERT INTO integrations (slug, name, kind, config, interval_seconds, updated_at)
     SELECT 'bench-' || n, 'Bench ' || n, 'http', $1::jsonb, $2, now() FROM generate_series(1, $3) AS n`,
    [config, intervalSeconds, count],
  );
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM integrations ORDER BY id');
  const now = Date.now();
  const jobs = rows.map((row, index) => ({
    id: randomUUID(),
    integrationId: row.id,
    startAfter: new Date(now + Math.floor((index / rows.length) * spreadSeconds * 1000)),
  }));
  for (let offset = 0; offset < jobs.length; offset += 1000) {
    const slice = jobs.slice(offset, offset + 1000);
    await db.boss.insert('checks', slice.map((job) => ({ id: job.id, data: { integrationId: job.integrationId }, startAfter: job.startAfter })));
  }
  await db.pool.query(
    `UPDATE integrations i SET scheduled_job_id = j.job_id::uuid, next_check_at = j.due
       FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS j(integration_id, job_id, due) WHERE i.id = j.integration_id`,
    [jobs.map((job) => job.integrationId), jobs.map((job) => job.id), jobs.map((job) => job.startAfter)],
  );
}

/** A keep-alive HTTP target answering 200 at once. */
export async function startFastTarget(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.end('ok');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Scheduler lag of completed check jobs: how long after its due time each one started. */
export async function checkJobLagsMs(pool: pg.Pool, since: Date): Promise<number[]> {
  const { rows } = await pool.query<{ lag: number }>(
    `SELECT EXTRACT(EPOCH FROM (started_on - start_after)) * 1000 AS lag FROM pgboss.job
      WHERE name = 'checks' AND state = 'completed' AND start_after >= $1 ORDER BY 1`,
    [since],
  );
  return rows.map((row) => Number(row.lag));
}

/** Resident set size of a process in MB, from /proc. */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
