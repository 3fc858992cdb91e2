/**
 * Fixed-window counters in `rate_limits`, shared by every instance. Each hit is one atomic
 * upsert, so concurrent requests on different instances can never both slip under a limit.
 * Windows are judged by the caller's clock (tests inject it); keys are opaque strings.
 */
import type pg from 'pg';

export interface WindowCount {
  count: number;
  windowStart: Date;
}

/** Counts one hit in the current window (a window older than `windowSeconds` starts over). */
export async function hitRateLimit(pool: pg.Pool, key: string, now: Date, windowSeconds: number): Promise<WindowCount> {
  const result = await pool.query<{ count: number; window_start: Date }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       window_start = CASE WHEN rate_limits.window_start <= $2 - make_interval(secs => $3) THEN $2 ELSE rate_limits.window_start END,
       count = CASE WHEN rate_limits.window_start <= $2 - make_interval(secs => $3) THEN 1 ELSE rate_limits.count + 1 END
     RETURNING count, window_start`,
    [key, now, windowSeconds],
  );
  const row = result.rows[0]!;
  return { count: row.count, windowStart: row.window_start };
}

/** Gives one hit back (a login that turned out to be legitimate). */
export async function refundRateLimit(pool: pg.Pool, key: string): Promise<void> {
  await pool.query('UPDATE rate_limits SET count = GREATEST(count - 1, 0) WHERE key = $1', [key]);
}

export async function clearRateLimit(pool: pg.Pool, key: string): Promise<void> {
  await pool.query('DELETE FROM rate_limits WHERE key = $1', [key]);
}

/** Housekeeping: windows that ended long ago. */
export async function deleteStaleRateLimits(pool: pg.Pool, olderThan: Date): Promise<number> {
  const result = await pool.query('DELETE FROM rate_limits WHERE window_start < $1', [olderThan]);
  return result.rowCount ?? 0;
}
