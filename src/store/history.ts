/**
 * Reads of raw history (`check_results`, partitioned by day, and `status_changes`) for the
 * analytics: timelines of many (integration, interval) pairs in one round trip, and the paged
 * raw history of the API. Times come back as epoch milliseconds (float8), which is cheaper to
 * parse than timestamps and is what the pure analytics code works with.
 */
import type pg from 'pg';
import type { Status } from '../domain/status.ts';
import type { TimelineEvent } from '../analytics/timeline.ts';

export type Queryable = pg.Pool | pg.PoolClient;

export interface TimelineRequest {
  /** Caller's key for this interval (several intervals may share an integration). */
  key: number;
  integrationId: number;
  from: number;
  to: number;
}

export interface Carry {
  result: { at: number; status: Status } | null;
  change: { at: number; status: Status } | null;
}

export interface LoadedTimeline {
  carry: Carry;
  /** Results and status changes in [from, to), sorted by time (a result before a change at the same instant). */
  events: TimelineEvent[];
}

const epochMs = (column: string) => `date_part('epoch', ${column}) * 1000`;

/**
 * Carry-over lookups try short lookbacks first: a bound known when the statement is planned lets
 * PostgreSQL prune the day partitions outside it, and an active integration has a result within
 * the last two hours (healthy checks run every few minutes; backoff tops out at an hour by
 * default). Misses fall back to three days, then to all history.
 */
const carryLookbacksMs = [2 * 3_600_000, 3 * 86_400_000, null] as const;

interface Group {
  from: number;
  to: number;
  /** integration id → request key */
  keys: Map<number, number>;
}

/**
 * Requests grouped by identical bounds: each group is one index range scan with constant bounds
 * (plan-time partition pruning). A join against a list of per-request bounds lets the planner
 * pick plans that touch every partition, and costs tens of milliseconds of planning.
 */
function groupRequests(requests: readonly TimelineRequest[]): Group[] {
  const groups = new Map<string, Group>();
  for (const request of requests) {
    const id = `${request.from}:${request.to}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { from: request.from, to: request.to, keys: new Map() }));
    if (group.keys.has(request.integrationId)) throw new Error('loadTimelines: overlapping requests for one integration share bounds');
    group.keys.set(request.integrationId, request.key);
  }
  return [...groups.values()];
}

export async function loadTimelines(db: Queryable, requests: readonly TimelineRequest[]): Promise<Map<number, LoadedTimeline>> {
  const timelines = new Map<number, LoadedTimeline>();
  if (requests.length === 0) return timelines;
  for (const request of requests) timelines.set(request.key, { carry: { result: null, change: null }, events: [] });
  const groups = groupRequests(requests);

  const parts: string[] = [];
  const values: unknown[] = [];
  groups.forEach((group, index) => {
    values.push([...group.keys.keys()], new Date(group.from), new Date(group.to));
    const [ids, from, to] = [values.length - 2, values.length - 1, values.length].map((position) => `$${position}`);
    parts.push(
      `SELECT ${index} AS g, integration_id AS id, ${epochMs('started_at')} AS at, 0 AS kind, status::text AS status, latency_ms
         FROM check_results WHERE integration_id = ANY(${ids}::int[]) AND started_at >= ${from} AND started_at < ${to}`,
      `SELECT ${index}, integration_id, ${epochMs('at')}, 1, to_status::text, NULL
         FROM status_changes WHERE integration_id = ANY(${ids}::int[]) AND at >= ${from} AND at < ${to}`,
    );
  });
  const [events] = await Promise.all([
    db.query<{ g: number; id: number; at: number; kind: number; status: Status; latency_ms: number | null }>(parts.join('\nUNION ALL\n'), values),
    loadCarries(db, groups, timelines),
  ]);
  for (const row of events.rows) {
    const timeline = timelines.get(groups[row.g]!.keys.get(row.id)!)!;
    timeline.events.push(row.kind === 0 ? { at: row.at, kind: 'result', status: row.status, latencyMs: row.latency_ms } : { at: row.at, kind: 'change', status: row.status });
  }
  // A result and a change at the same instant: the change (written at finished_at) follows.
  for (const timeline of timelines.values()) timeline.events.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'result' ? -1 : 1));
  return timelines;
}

interface CarryRow {
  g: number;
  id: number;
  result_at: number | null;
  result_status: Status | null;
  change_at: number | null;
  change_status: Status | null;
}

/** Fills `carry` of every timeline: the last result and the last status change before its start. */
async function loadCarries(db: Queryable, groups: readonly Group[], timelines: Map<number, LoadedTimeline>): Promise<void> {
  let pending = groups.map((group) => ({ group, ids: [...group.keys.keys()] }));
  for (const lookback of carryLookbacksMs) {
    if (pending.length === 0) return;
    const parts: string[] = [];
    const values: unknown[] = [];
    pending.forEach(({ group, ids }, index) => {
      values.push(ids, new Date(group.from));
      const [idsParam, fromParam] = [`$${values.length - 1}`, `$${values.length}`];
      let bound = '';
      if (lookback !== null) {
        values.push(new Date(group.from - lookback));
        bound = `AND c.started_at >= $${values.length}`;
      }
      parts.push(
        `SELECT ${index} AS g, i.id, r.at AS result_at, r.status AS result_status, s.at AS change_at, s.status AS change_status
           FROM unnest(${idsParam}::int[]) AS i(id)
           LEFT JOIN LATERAL (SELECT ${epochMs('c.started_at')} AS at, c.status::text AS status FROM check_results c
                               WHERE c.integration_id = i.id AND c.started_at < ${fromParam} ${bound} ORDER BY c.started_at DESC LIMIT 1) r ON true
           LEFT JOIN LATERAL (SELECT ${epochMs('sc.at')} AS at, sc.to_status::text AS status FROM status_changes sc
                               WHERE sc.integration_id = i.id AND sc.at < ${fromParam} ORDER BY sc.at DESC LIMIT 1) s ON true`,
      );
    });
    const { rows } = await db.query<CarryRow>(parts.join('\nUNION ALL\n'), values);
    const missing = new Map<number, number[]>();
    for (const row of rows) {
      const group = pending[row.g]!.group;
      timelines.get(group.keys.get(row.id)!)!.carry = {
        result: row.result_at === null ? null : { at: row.result_at, status: row.result_status! },
        change: row.change_at === null ? null : { at: row.change_at, status: row.change_status! },
      };
      if (row.result_at === null) missing.set(row.g, [...(missing.get(row.g) ?? []), row.id]);
    }
    pending = [...missing].map(([index, ids]) => ({ group: pending[index]!.group, ids }));
  }
}

export interface HistoryResultRow {
  id: number;
  startedAt: Date;
  finishedAt: Date;
  status: Status;
  latencyMs: number | null;
  message: string;
  trigger: string;
}

/**
 * Raw results of one integration in [from, to), oldest first, after the `(startedAt, id)` cursor.
 * Reads `limit + 1` rows so the caller knows whether another page follows.
 */
export async function listRawHistory(
  db: Queryable,
  integrationId: number,
  range: { from: Date; to: Date },
  page: { limit: number; after?: { startedAt: Date; id: number } },
): Promise<HistoryResultRow[]> {
  const { rows } = await db.query<{ id: number; started_at: Date; finished_at: Date; status: Status; latency_ms: number | null; message: string; trigger: string }>(
    `SELECT id, started_at, finished_at, status::text AS status, latency_ms, message, trigger::text AS trigger
       FROM check_results
      WHERE integration_id = $1 AND started_at >= $2 AND started_at < $3
        AND ($4::timestamptz IS NULL OR (started_at, id) > ($4::timestamptz, $5::bigint))
      ORDER BY started_at, id
      LIMIT $6`,
    [integrationId, range.from, range.to, page.after?.startedAt ?? null, page.after?.id ?? 0, page.limit + 1],
  );
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    latencyMs: row.latency_ms,
    message: row.message,
    trigger: row.trigger,
  }));
}

/**
 * Number of raw results stored (system metrics). Exact while small; past `exactBelow` the
 * planner's statistics answer instead, because counting millions of rows on every scrape is waste.
 */
export async function countHistoryRows(db: Queryable, exactBelow = 200_000): Promise<{ rows: number; estimated: boolean }> {
  const { rows } = await db.query<{ rows: number }>(
    `SELECT COALESCE(sum(GREATEST(c.reltuples, 0)), 0)::float8 AS rows
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'check_results'`,
  );
  const estimate = Math.round(rows[0]?.rows ?? 0);
  if (estimate >= exactBelow) return { rows: estimate, estimated: true };
  const exact = await db.query<{ rows: number }>('SELECT count(*)::float8 AS rows FROM check_results');
  return { rows: exact.rows[0]?.rows ?? 0, estimated: false };
}
