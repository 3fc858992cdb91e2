/**
 * A PostgreSQL session advisory lock around work done on other connections: several instances
 * doing the same thing (applying INTEGRATIONS_FILE at start) take turns instead of racing, and
 * a crashed holder's lock goes away with its connection.
 */
import type pg from 'pg';

/** Keys of the app's advisory locks, in one place so two jobs never share one by accident. */
export const advisoryLockKeys = {
  configFileApply: 7_406_221_302,
} as const;

export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let unlocked = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      unlocked = await client.query('SELECT pg_advisory_unlock($1)', [key]).then(() => true, () => false);
    }
  } finally {
    // A session that may still hold the lock is closed rather than returned to the pool.
    client.release(!unlocked);
  }
}
