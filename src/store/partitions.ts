/**
 * Day partitions of `check_results`. Created ahead (today … today+N) at start and by the daily
 * maintenance job; dropped once they are wholly older than the retention. A row whose day has no
 * partition lands in `check_results_default`; creating that day's partition later moves such
 * rows out first, because PostgreSQL refuses to attach a partition whose range still has rows in
 * the default partition. Rows of the default partition are pruned by day at retention, as a
 * partition would be dropped.
 */
import type pg from 'pg';

const dayMs = 86_400_000;

export function partitionName(day: Date): string {
  return `check_results_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** Midnight UTC of the day containing `at`. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / dayMs) * dayMs);
}

export async function listPartitions(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'check_results' AND c.relname <> 'check_results_default'
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

/** Ensures one partition per day from the day of `from` for `days` days. Returns those created. */
export async function ensurePartitions(pool: pg.Pool, from: Date, days: number): Promise<string[]> {
  const existing = new Set(await listPartitions(pool));
  const created: string[] = [];
  for (let offset = 0; offset < days; offset += 1) {
    const day = new Date(startOfUtcDay(from).getTime() + offset * dayMs);
    const name = partitionName(day);
    if (existing.has(name)) continue;
    if (await createDayPartition(pool, day)) created.push(name);
  }
  return created;
}

/** Creates the partition for `day`, moving any of its rows out of the default partition. */
export async function createDayPartition(pool: pg.Pool, day: Date): Promise<boolean> {
  const start = startOfUtcDay(day);
  const end = new Date(start.getTime() + dayMs);
  const name = partitionName(start);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Serialise partition DDL across instances; the loser finds the table and does nothing.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('check_results_partitions'))");
    const exists = await client.query('SELECT 1 FROM pg_class WHERE relname = $1', [name]);
    if (exists.rowCount) {
      await client.query('COMMIT');
      return false;
    }
    await client.query(`CREATE TABLE ${name} (LIKE check_results INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    const range = [start.toISOString(), end.toISOString()];
    await client.query(
      `WITH moved AS (DELETE FROM check_results_default WHERE started_at >= $1 AND started_at < $2 RETURNING *)
       INSERT INTO ${name} SELECT * FROM moved`,
      range,
    );
    await client.query(`ALTER TABLE check_results ATTACH PARTITION ${name} FOR VALUES FROM ('${range[0]}') TO ('${range[1]}')`);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Drops day partitions whose whole day ends before `cutoff`. `keep(day)` can veto a drop (the
 * rollup job uses it so raw rows go only after their rollups exist).
 */
export async function dropPartitionsBefore(pool: pg.Pool, cutoff: Date, keep: (day: Date) => Promise<boolean> = async () => false): Promise<string[]> {
  const dropped: string[] = [];
  for (const name of await listPartitions(pool)) {
    const day = partitionDay(name);
    if (!day || day.getTime() + dayMs > cutoff.getTime()) continue;
    if (await keep(day)) continue;
    await pool.query(`DROP TABLE IF EXISTS ${name}`);
    dropped.push(name);
  }
  return dropped;
}

/** The day a partition holds, from its name; undefined for a name that is not a day partition. */
export function partitionDay(name: string): Date | undefined {
  const match = /^check_results_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
}

/**
 * The UTC days of rows in the default partition that end before `cutoff` (rows for days that had
 * no partition: written before it was created, or far in the past), oldest first.
 */
export async function defaultPartitionDaysBefore(pool: pg.Pool, cutoff: Date): Promise<Date[]> {
  const { rows } = await pool.query<{ day: number }>(
    `SELECT DISTINCT floor(date_part('epoch', started_at) / 86400) * 86400000 AS day
       FROM check_results_default WHERE started_at < $1 ORDER BY 1`,
    [startOfUtcDay(cutoff)],
  );
  return rows.map((row) => new Date(row.day));
}

/**
 * Deletes the default partition's rows of every day that ends before `cutoff`, day by day;
 * `keep(day)` can veto a day as it does a partition drop. Returns the days pruned (YYYY-MM-DD).
 */
export async function pruneDefaultPartitionBefore(pool: pg.Pool, cutoff: Date, keep: (day: Date) => Promise<boolean> = async () => false): Promise<string[]> {
  const pruned: string[] = [];
  for (const day of await defaultPartitionDaysBefore(pool, cutoff)) {
    if (await keep(day)) continue;
    await pool.query('DELETE FROM check_results_default WHERE started_at >= $1 AND started_at < $2', [day, new Date(day.getTime() + dayMs)]);
    pruned.push(day.toISOString().slice(0, 10));
  }
  return pruned;
}
