/**
 * Maintenance windows as stored (one table for one-off and weekly windows) and the question every
 * result asks inside its transaction: "is this integration in a window right now?". The table is
 * small (a handful of windows), so the scope filter runs inside the query that locks the result's
 * integration row (`applicableWindowsJsonSql`) at no extra round trip.
 */
import type pg from 'pg';
import { isInMaintenance, type ActiveMaintenance, type MaintenanceWindow } from '../alerts/maintenance.ts';

type Queryable = pg.Pool | pg.PoolClient;

export interface MaintenanceWindowRow {
  id: number;
  name: string;
  integration_id: number | null;
  tags: string[] | null;
  starts_at: Date | null;
  ends_at: Date | null;
  days_of_week: number[] | null;
  start_time: string | null;
  duration_minutes: number | null;
  timezone: string;
}

/** A stored window in the shape `isInMaintenance` reads, with its id and name. */
export type StoredWindow = MaintenanceWindow & { id: number; name: string };

const columns = 'id, name, integration_id, tags, starts_at, ends_at, days_of_week, start_time, duration_minutes, timezone';

/** A row as a window; null for a row that is neither a complete one-off nor a complete weekly window. */
export function toWindow(row: MaintenanceWindowRow): StoredWindow | null {
  if (row.starts_at && row.ends_at) return { kind: 'once', id: row.id, name: row.name, startsAt: row.starts_at, endsAt: row.ends_at };
  if (row.start_time && row.duration_minutes && row.days_of_week?.length) {
    return {
      kind: 'weekly',
      id: row.id,
      name: row.name,
      daysOfWeek: row.days_of_week,
      startTime: row.start_time,
      durationMinutes: row.duration_minutes,
      timeZone: row.timezone,
    };
  }
  return null;
}

/** Scope rule: the named integration; else any shared tag; no integration and no tags = every integration. */
export function windowAppliesTo(row: Pick<MaintenanceWindowRow, 'integration_id' | 'tags'>, integration: { id: number; tags: readonly string[] }): boolean {
  if (row.integration_id !== null) return row.integration_id === integration.id;
  const tags = row.tags ?? [];
  return tags.length === 0 || tags.some((tag) => integration.tags.includes(tag));
}

export async function listWindowRows(db: Queryable): Promise<MaintenanceWindowRow[]> {
  const { rows } = await db.query<MaintenanceWindowRow>(`SELECT ${columns} FROM maintenance_windows ORDER BY id`);
  return rows;
}

/**
 * A scalar subquery for a SELECT over `integrations AS <alias>`: the windows that apply to that
 * integration (same scope rule as `windowAppliesTo`) as one JSON array, so the result
 * transaction learns "in maintenance?" in the same round trip that locks the row.
 */
export function applicableWindowsJsonSql(alias: string): string {
  return `(SELECT COALESCE(json_agg(w), '[]'::json) FROM (
            SELECT ${columns} FROM maintenance_windows
             WHERE integration_id = ${alias}.id
                OR (integration_id IS NULL AND (COALESCE(cardinality(tags), 0) = 0 OR tags && COALESCE(${alias}.tags, '{}')))) w)`;
}

/** Rows from `applicableWindowsJsonSql` (JSON turns timestamps into ISO strings). */
export function windowRowsFromJson(json: unknown): MaintenanceWindowRow[] {
  if (!Array.isArray(json)) return [];
  return (json as (Omit<MaintenanceWindowRow, 'starts_at' | 'ends_at'> & { starts_at: string | null; ends_at: string | null })[]).map((row) => ({
    ...row,
    starts_at: row.starts_at === null ? null : new Date(row.starts_at),
    ends_at: row.ends_at === null ? null : new Date(row.ends_at),
  }));
}

export function activeAmong(rows: readonly MaintenanceWindowRow[], at: Date): ActiveMaintenance<StoredWindow> | null {
  const windows = rows.map(toWindow).filter((window): window is StoredWindow => window !== null);
  return windows.length === 0 ? null : isInMaintenance(windows, at);
}
