/**
 * A bare migrated database for analytics tests, with writers for the rows the analytics read
 * (integrations, raw results, status changes). Rows are written directly: these tests are about
 * reading history, not about how checks produce it.
 */
import pg from 'pg';
import { applyMigrations } from '../../src/store/migrations.ts';
import type { Status } from '../../src/domain/status.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

export interface AnalyticsDatabase {
  database: TestDatabase;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** A fresh database with the migrations applied (dropped by close()). */
export async function openAnalyticsDatabase(): Promise<AnalyticsDatabase> {
  const database = await createTestDatabase('ih_analytics');
  const pool = new pg.Pool({ connectionString: database.url, max: 6 });
  await applyMigrations(pool);
  return {
    database,
    pool,
    async close() {
      await pool.end();
      await database.drop();
    },
  };
}

/** The reason to skip a suite when PostgreSQL is unreachable, else false. */
export async function postgresUnavailable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return false;
  } catch (error) {
    return `PostgreSQL unreachable at DATABASE_URL (${(error as Error).message}): start it or set DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let slugCounter = 0;

export async function insertIntegration(pool: pg.Pool, slug = `i${++slugCounter}`): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(`INSERT INTO integrations (slug, name, kind, updated_at) VALUES ($1, $1, 'http', now()) RETURNING id`, [slug]);
  return rows[0]!.id;
}

export interface ResultRow {
  at: Date | string;
  status: Status;
  latencyMs?: number | null;
}

export async function insertResults(pool: pg.Pool, integrationId: number, results: readonly ResultRow[]): Promise<void> {
  for (let offset = 0; offset < results.length; offset += 5000) {
    const slice = results.slice(offset, offset + 5000);
    await pool.query(
      `INSERT INTO check_results (integration_id, started_at, finished_at, status, latency_ms)
       SELECT $1, t, t, s::"Status", l FROM unnest($2::timestamptz[], $3::text[], $4::int[]) AS r(t, s, l)`,
      [integrationId, slice.map((row) => new Date(row.at).toISOString()), slice.map((row) => row.status), slice.map((row) => row.latencyMs ?? null)],
    );
  }
}

export async function insertStatusChange(pool: pg.Pool, integrationId: number, at: Date | string, from: Status, to: Status): Promise<void> {
  await pool.query(`INSERT INTO status_changes (integration_id, from_status, to_status, at, cause) VALUES ($1, $2, $3, $4, 'test')`, [integrationId, from, to, new Date(at)]);
}
