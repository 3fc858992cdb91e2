/** Small helpers for raw SQL on a pg pool: transactions and the pg-boss bridge. */
import type pg from 'pg';
import type { Db } from 'pg-boss';

export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Lets pg-boss write its job rows through our transaction, so row and job commit together. */
export function bossExecutor(client: pg.PoolClient): Db {
  return { executeSql: (text, values) => client.query(text, values as unknown[]) };
}
