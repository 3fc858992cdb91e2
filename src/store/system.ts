/** Whole-system facts for getSystemMetrics and Prometheus, in one round trip. */
import type { Status } from '../domain/status.ts';
import type { Queryable } from './history.ts';

export interface SystemFacts {
  byStatus: Partial<Record<Status, number>>;
  /** Results started in [now - recentSeconds, now]. */
  recentResults: number;
  /** Active integrations whose next check is due (not yet recorded). */
  dueChecks: number;
  /** Seconds since the oldest due check was due; null when none is due. */
  oldestDueLagSeconds: number | null;
  databaseBytes: number;
}

export async function readSystemFacts(db: Queryable, now: Date, recentSeconds: number): Promise<SystemFacts> {
  const { rows } = await db.query<{ by_status: Record<string, number> | null; recent: number; due: number; lag: number | null; bytes: number }>(
    `SELECT (SELECT json_object_agg(status, n) FROM (SELECT status::text AS status, count(*)::int AS n FROM integrations GROUP BY status) s) AS by_status,
            (SELECT count(*)::int FROM check_results WHERE started_at > $1::timestamptz - make_interval(secs => $2) AND started_at <= $1) AS recent,
            d.due, d.lag, pg_database_size(current_database())::float8 AS bytes
       FROM (SELECT count(*)::int AS due, extract(epoch FROM ($1::timestamptz - min(next_check_at)))::float8 AS lag
               FROM integrations WHERE NOT paused AND next_check_at <= $1) d`,
    [now, recentSeconds],
  );
  const row = rows[0]!;
  return {
    byStatus: (row.by_status ?? {}) as Partial<Record<Status, number>>,
    recentResults: row.recent,
    dueChecks: row.due,
    oldestDueLagSeconds: row.lag === null ? null : Math.max(0, row.lag),
    databaseBytes: row.bytes,
  };
}

/** Every integration id (the analytics of a list can start before the list itself is read). */
export async function allIntegrationIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM integrations');
  return rows.map((row) => row.id);
}
