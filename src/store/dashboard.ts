/**
 * Reads behind the dashboard, the board, the embed card and the live updates: one query for the
 * integrations' current state and one batched analytics round for their uptime and sparklines,
 * however many integrations are shown (never one query per row).
 */
import type pg from 'pg';
import { aggregateWindows, percentileOf, uptimeRatio, type Aggregate } from '../analytics/index.ts';
import type { SparkPoint } from '../analytics/types.ts';
import type { Status } from '../domain/status.ts';

/** The current state of one integration: what a tile shows besides analytics. */
export interface TileRow {
  id: number;
  slug: string;
  name: string;
  kind: string;
  tags: string[];
  isPublic: boolean;
  paused: boolean;
  status: Status;
  statusSince: Date;
  lastCheckedAt: Date | null;
  lastLatencyMs: number | null;
  lastMessage: string | null;
}

export interface TileStats {
  uptime24h: number | null;
  uptime30d: number | null;
  spark: SparkPoint[];
}

export interface Tile extends TileRow {
  stats: TileStats;
}

export interface TileFilter {
  /** Only these integrations (live updates re-read just what changed). */
  ids?: number[];
  /** Only integrations carrying this tag. */
  tag?: string;
  /** Only public integrations (embed card, public pages). */
  publicOnly?: boolean;
  slug?: string;
}

export async function listTileRows(pool: pg.Pool, filter: TileFilter = {}): Promise<TileRow[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (filter.ids) {
    values.push(filter.ids);
    conditions.push(`id = ANY($${values.length}::int[])`);
  }
  if (filter.tag !== undefined) {
    values.push(filter.tag);
    conditions.push(`$${values.length} = ANY(tags)`);
  }
  if (filter.slug !== undefined) {
    values.push(filter.slug);
    conditions.push(`slug = $${values.length}`);
  }
  if (filter.publicOnly) conditions.push('is_public');
  const { rows } = await pool.query<TileRow>(
    `SELECT id, slug, name, kind, tags, is_public AS "isPublic", paused, status::text AS status, status_since AS "statusSince",
            last_checked_at AS "lastCheckedAt", last_latency_ms AS "lastLatencyMs", last_message AS "lastMessage"
       FROM integrations ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
    values,
  );
  return rows;
}

const hourMs = 3_600_000;
const dayMs = 86_400_000;

function worstSeen(aggregate: Aggregate): SparkPoint['worst'] {
  if (aggregate.countDown > 0) return 'down';
  if (aggregate.countDegraded > 0) return 'degraded';
  if (aggregate.countUp > 0) return 'up';
  return null;
}

/**
 * Uptime 24 h / 30 d and the 24 hourly sparkline points for many integrations in ONE analytics
 * batch (26 windows): the raw rows they share are read once, not once per window kind.
 */
export async function loadTileStats(pool: pg.Pool, ids: number[], now: Date): Promise<Map<number, TileStats>> {
  const stats = new Map<number, TileStats>();
  if (ids.length === 0) return stats;
  const end = now.getTime();
  const currentHour = Math.floor(end / hourMs) * hourMs;
  const hours = Array.from({ length: 24 }, (_, index) => currentHour - (23 - index) * hourMs);
  const [day, month, ...perHour] = await aggregateWindows(pool, ids, [
    { from: end - dayMs, to: end, histogram: false },
    { from: end - 30 * dayMs, to: end, histogram: false },
    ...hours.map((hour) => ({ from: hour, to: Math.min(hour + hourMs, end), histogram: true })),
  ]);
  for (const id of ids) {
    stats.set(id, {
      uptime24h: uptimeRatio(day!.get(id)!),
      uptime30d: uptimeRatio(month!.get(id)!),
      spark: hours.map((hour, index) => {
        const aggregate = perHour[index]!.get(id)!;
        return { hourStart: new Date(hour), p50: percentileOf(aggregate, 50), worst: worstSeen(aggregate) };
      }),
    });
  }
  return stats;
}

export function withStats(rows: TileRow[], stats: Map<number, TileStats>): Tile[] {
  return rows.map((row) => ({ ...row, stats: stats.get(row.id) ?? { uptime24h: null, uptime30d: null, spark: [] } }));
}

/** Rows plus their analytics: what the dashboard page renders. */
export async function loadTiles(pool: pg.Pool, now: Date, filter: TileFilter = {}): Promise<Tile[]> {
  const rows = await listTileRows(pool, filter);
  return withStats(rows, await loadTileStats(pool, rows.map((row) => row.id), now));
}

/** The distinct tags in use, for the filter menu. */
export async function listTags(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ tag: string }>('SELECT DISTINCT unnest(tags) AS tag FROM integrations ORDER BY 1');
  return rows.map((row) => row.tag);
}
