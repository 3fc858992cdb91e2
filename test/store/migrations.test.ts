import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, migrationsDir } from '../../src/store/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
let pool: pg.Pool;

before(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
});

after(async () => {
  await pool.end();
  await database.drop();
});

test('migrations create the whole domain on an empty database', async () => {
  const report = await applyMigrations(pool);
  assert.deepEqual(report.applied, ['20261128000000_init']);
  const { rows } = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type IN ('BASE TABLE') ORDER BY table_name",
  );
  const tables = rows.map((row) => row.table_name);
  for (const table of ['integrations', 'check_results_default', 'rollups_hourly', 'rollups_daily', 'status_changes', 'alert_channels', 'alert_deliveries', 'maintenance_windows', 'users', 'sessions', 'api_tokens', 'rate_limits', '_prisma_migrations']) {
    assert.ok(tables.includes(table), `missing table ${table}`);
  }
});

test('check results are a table partitioned by range on started_at', async () => {
  const { rows } = await pool.query<{ strategy: string; column: string }>(
    `SELECT p.partstrat AS strategy, a.attname AS column
       FROM pg_partitioned_table p
       JOIN pg_class c ON c.oid = p.partrelid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
      WHERE c.relname = 'check_results'`,
  );
  assert.deepEqual(rows, [{ strategy: 'r', column: 'started_at' }]);
});

test('running the migrations again applies nothing', async () => {
  const report = await applyMigrations(pool);
  assert.deepEqual(report.applied, []);
  assert.equal(report.alreadyApplied, 1);
});

test('applied migrations are recorded with the checksum Prisma uses (SHA-256 of the file)', async () => {
  const sql = await readFile(path.join(migrationsDir, '20261128000000_init', 'migration.sql'), 'utf8');
  const { rows } = await pool.query<{ checksum: string; finished_at: Date | null }>("SELECT checksum, finished_at FROM _prisma_migrations WHERE migration_name = '20261128000000_init'");
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.checksum, createHash('sha256').update(sql).digest('hex'));
  assert.ok(rows[0]!.finished_at instanceof Date);
});

test('an applied migration that was edited afterwards is refused with a clear message', async () => {
  await pool.query("UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name = '20261128000000_init'");
  try {
    await assert.rejects(applyMigrations(pool), /migration 20261128000000_init was changed after it was applied/);
  } finally {
    const sql = await readFile(path.join(migrationsDir, '20261128000000_init', 'migration.sql'), 'utf8');
    await pool.query("UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = '20261128000000_init'", [createHash('sha256').update(sql).digest('hex')]);
  }
});

test('two instances migrating the same empty database at once both succeed and apply once', async () => {
  const fresh = await createTestDatabase();
  const a = new pg.Pool({ connectionString: fresh.url, max: 2 });
  const b = new pg.Pool({ connectionString: fresh.url, max: 2 });
  try {
    const [first, second] = await Promise.all([applyMigrations(a), applyMigrations(b)]);
    assert.equal(first.applied.length + second.applied.length, 1);
    const { rows } = await a.query('SELECT count(*)::int AS n FROM _prisma_migrations');
    assert.equal(rows[0].n, 1);
  } finally {
    await a.end();
    await b.end();
    await fresh.drop();
  }
});
