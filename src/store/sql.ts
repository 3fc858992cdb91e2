/** Small helpers for raw SQL on a pg pool: transactions and the pg-boss bridge. */
import type pg from 'pg';
import type { Db } from 'pg-boss';

export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, (client) => client.query('BEGIN'), (client) => work(client));
}

/**
 * withTransaction whose BEGIN travels with the transaction's first statements, in one round trip
 * (hot paths pay per round trip); `work` gets their results. They go with the simple protocol,
 * which takes no parameters: inline only values that cannot carry SQL, such as checked integers.
 */
export async function withTransactionOpening<T>(
  pool: pg.Pool,
  openingStatements: string,
  work: (client: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
): Promise<T> {
  return inTransaction(
    pool,
    async (client) => ((await client.query(openingStatements)) as unknown as pg.QueryResult[]).slice(1),
    work,
  );
}

async function inTransaction<B, T>(pool: pg.Pool, begin: (client: pg.PoolClient) => Promise<B>, work: (client: pg.PoolClient, begun: B) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const begun = await begin(client);
    const result = await work(client, begun);
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
