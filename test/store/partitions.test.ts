import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { applyMigrations } from '../../src/store/migrations.ts';
import { createDayPartition, dropPartitionsBefore, ensurePartitions, listPartitions, partitionName } from '../../src/store/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
let pool: pg.Pool;
let integrationId: number;

before(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await applyMigrations(pool);
  const { rows } = await pool.query<{ id: number }>("INSERT INTO integrations (slug, name, kind, updated_at) VALUES ('p', 'p', 'http', now()) RETURNING id");
  integrationId = rows[0]!.id;
});

after(async () => {
  await pool.end();
  await database.drop();
});

const insertResult = (startedAt: Date) =>
  pool.query(`INSERT INTO check_results (integration_id, started_at, finished_at, status, latency_ms) VALUES ($1, $2, $2, 'up', 5)`, [integrationId, startedAt]);

const rowsIn = async (table: string) => (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

test('partitions are created for each day ahead, and creating them again is a no-op', async () => {
  const from = new Date('2026-11-28T15:00:00Z');
  const created = await ensurePartitions(pool, from, 3);
  assert.deepEqual(created, ['check_results_p20261128', 'check_results_p20261129', 'check_results_p20261130']);
  assert.deepEqual(await ensurePartitions(pool, from, 3), []);
});

test('a result lands in the partition of its day', async () => {
  await insertResult(new Date('2026-11-29T23:59:59.999Z'));
  assert.equal(await rowsIn('check_results_p20261129'), 1);
  assert.equal(await rowsIn('check_results_p20261130'), 0);
});

test('a result for a far-future day with no partition is stored, not refused', async () => {
  const farFuture = new Date('2031-06-15T12:00:00Z');
  await insertResult(farFuture);
  assert.equal(await rowsIn('check_results_default'), 1);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM check_results WHERE started_at = $1', [farFuture]);
  assert.equal(rows[0].n, 1);
});

test("creating that day's partition later moves its rows out of the default partition", async () => {
  const day = new Date('2031-06-15T00:00:00Z');
  assert.equal(await createDayPartition(pool, day), true);
  assert.equal(await rowsIn('check_results_default'), 0);
  assert.equal(await rowsIn(partitionName(day)), 1);
});

test('partitions wholly older than the cutoff are dropped, newer ones kept', async () => {
  await ensurePartitions(pool, new Date('2026-10-01T00:00:00Z'), 2);
  await insertResult(new Date('2026-10-01T10:00:00Z'));
  const dropped = await dropPartitionsBefore(pool, new Date('2026-10-02T12:00:00Z'));
  assert.deepEqual(dropped, ['check_results_p20261001']);
  const remaining = await listPartitions(pool);
  assert.ok(remaining.includes('check_results_p20261002'));
  assert.ok(!remaining.includes('check_results_p20261001'));
});

test('a partition is kept when the keep callback vetoes its drop', async () => {
  await ensurePartitions(pool, new Date('2026-09-01T00:00:00Z'), 1);
  const dropped = await dropPartitionsBefore(pool, new Date('2026-09-10T00:00:00Z'), async (day) => day.getTime() === Date.parse('2026-09-01T00:00:00Z'));
  assert.ok(!dropped.includes('check_results_p20260901'));
  assert.ok((await listPartitions(pool)).includes('check_results_p20260901'));
});

test('two instances creating the same partition at once both succeed', async () => {
  const day = new Date('2027-01-01T00:00:00Z');
  const results = await Promise.all([createDayPartition(pool, day), createDayPartition(pool, day)]);
  assert.deepEqual(results.sort(), [false, true]);
});
