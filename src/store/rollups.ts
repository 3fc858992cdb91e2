/**
 * The rollup tables (`rollups_hourly`, `rollups_daily`): reading many pieces at once, replacing
 * rows (upsert: a recomputed hour overwrites the old row, so re-running never double counts), and
 * the progress facts the rollup job and retention need. Rows mirror `Aggregate`; the
 * histogram is kept in its stored form (see src/analytics/histogram.ts).
 */
import { emptyAggregate, mergeAggregate, type Aggregate } from '../analytics/aggregate.ts';
import { addEncodedText, encodeHistogram } from '../analytics/histogram.ts';
import type { Queryable } from './history.ts';

export type RollupTable = 'rollups_hourly' | 'rollups_daily';

/** An aggregate as stored: histogram in `[first, counts…]` form. */
export type StoredAggregate = Omit<Aggregate, 'histogram'> & { histogram: number[] };

export interface RollupPiece {
  key: number;
  integrationId: number;
  from: number;
  to: number;
  daily: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const epochMs = (column: string) => `date_part('epoch', ${column}) * 1000`;

const scalarColumns = `count_up, count_degraded, count_down, seconds_up, seconds_degraded, seconds_down, seconds_excluded,
  latency_count, latency_sum, latency_min, latency_max`;

export interface RollupWatermark {
  /** Up to when (epoch ms) the rollups are complete, or null when there are none. */
  until: number | null;
  /** Changes whenever a rollup run rewrites any of the integration's rows (see piece-cache.ts). */
  version: string;
}

/**
 * Per integration, up to when its rollups are complete and a version of its rollup rows. Rows
 * exist for every hour from an integration's first result on (a status always holds), so the
 * newest row marks a contiguous watermark: it covers its hour up to its `computed_at` (the
 * current hour is written partially). Every run rewrites the newest row, so that row's `xmin`
 * (the writing transaction) versions all of them.
 */
export async function rollupWatermarks(db: Queryable, integrationIds: readonly number[]): Promise<Map<number, RollupWatermark>> {
  const { rows } = await db.query<{ id: number; last: number | null; computed: number | null; version: string | null }>(
    `SELECT i.id, ${epochMs('r.bucket_start')} AS last, ${epochMs('r.computed_at')} AS computed, r.xmin::text AS version
       FROM unnest($1::int[]) AS i(id)
       LEFT JOIN LATERAL (SELECT bucket_start, computed_at, xmin FROM rollups_hourly WHERE integration_id = i.id ORDER BY bucket_start DESC LIMIT 1) r ON true`,
    [integrationIds],
  );
  return new Map(
    rows.map((row) => [row.id, { until: row.last === null ? null : Math.min(row.last + 3_600_000, row.computed ?? row.last + 3_600_000), version: row.version ?? 'none' }]),
  );
}

/**
 * Where the stored raw history starts (epoch ms): the older of the oldest day partition and the
 * oldest row of the default partition (rows for days without a partition). Older day partitions
 * were dropped at retention; only rollups remain for them. Null when nothing is stored.
 */
export async function rawHistoryStart(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ name: string | null; oldest_default: number | null }>(
    `SELECT (SELECT min(c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
              WHERE p.relname = 'check_results' AND c.relname ~ '^check_results_p[0-9]{8}$') AS name,
            (SELECT ${epochMs('min(started_at)')} FROM check_results_default) AS oldest_default`,
  );
  const match = /(\d{4})(\d{2})(\d{2})$/.exec(rows[0]?.name ?? '');
  const partitionStart = match ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : null;
  const oldestDefault = rows[0]?.oldest_default ?? null;
  if (partitionStart === null) return oldestDefault;
  return oldestDefault === null ? partitionStart : Math.min(partitionStart, oldestDefault);
}

const sums = `sum(count_up)::float8 AS count_up, sum(count_degraded)::float8 AS count_degraded, sum(count_down)::float8 AS count_down,
  sum(seconds_up) AS seconds_up, sum(seconds_degraded) AS seconds_degraded, sum(seconds_down) AS seconds_down,
  sum(seconds_excluded) AS seconds_excluded, sum(latency_count)::float8 AS latency_count, sum(latency_sum) AS latency_sum,
  min(latency_min) AS latency_min, max(latency_max) AS latency_max`;

interface PieceGroup {
  table: RollupTable;
  from: number;
  to: number;
  histogram: boolean;
  /** integration id → keys of its pieces with these bounds */
  keys: Map<number, number[]>;
}

/**
 * Totals of many pieces, keyed by piece. Pieces are grouped by identical bounds so each group is
 * one index range scan with constant bounds; the totals are summed in the database, histograms
 * (when asked for) are fetched in stored form and merged here — adding a few hundred short
 * arrays in JavaScript is much cheaper than unnesting them in SQL.
 */
export async function sumRollupPieces(db: Queryable, pieces: readonly RollupPiece[], withHistograms: boolean): Promise<Map<number, Aggregate>> {
  const totals = new Map<number, Aggregate>();
  if (pieces.length === 0) return totals;
  const groups = new Map<string, PieceGroup>();
  for (const piece of pieces) {
    const table: RollupTable = piece.daily ? 'rollups_daily' : 'rollups_hourly';
    const id = `${table}:${piece.from}:${piece.to}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { table, from: piece.from, to: piece.to, histogram: withHistograms, keys: new Map() }));
    group.keys.set(piece.integrationId, [...(group.keys.get(piece.integrationId) ?? []), piece.key]);
  }
  const list = [...groups.values()];
  if (list.length > maxBoundGroups) return sumByRange(db, pieces, withHistograms);
  const values: unknown[] = [];
  const where = list.map((group) => {
    values.push([...group.keys.keys()], new Date(group.from), new Date(group.to));
    return `integration_id = ANY($${values.length - 2}::int[]) AND bucket_start >= $${values.length - 1} AND bucket_start < $${values.length}`;
  });
  const [scalars, histograms] = await Promise.all([
    db.query<Record<string, number | null> & { g: number; id: number }>(
      list.map((group, index) => `SELECT ${index} AS g, integration_id AS id, ${sums} FROM ${group.table} WHERE ${where[index]} GROUP BY integration_id`).join('\nUNION ALL\n'),
      values,
    ),
    withHistograms
      ? db.query<{ g: number; id: number; histogram: string }>(
          list.map((group, index) => `SELECT ${index} AS g, integration_id AS id, histogram::text AS histogram FROM ${group.table} WHERE ${where[index]} AND latency_count > 0`).join('\nUNION ALL\n'),
          values,
        )
      : Promise.resolve({ rows: [] as { g: number; id: number; histogram: string }[] }),
  ]);
  for (const row of scalars.rows) {
    const aggregate: Aggregate = {
      countUp: row.count_up ?? 0,
      countDegraded: row.count_degraded ?? 0,
      countDown: row.count_down ?? 0,
      secondsUp: row.seconds_up ?? 0,
      secondsDegraded: row.seconds_degraded ?? 0,
      secondsDown: row.seconds_down ?? 0,
      secondsExcluded: row.seconds_excluded ?? 0,
      latencyCount: row.latency_count ?? 0,
      latencySum: row.latency_sum ?? 0,
      latencyMin: row.latency_min ?? null,
      latencyMax: row.latency_max ?? null,
      histogram: [],
    };
    // Pieces with the same integration and bounds share one aggregate (read it, never mutate it).
    for (const key of list[row.g]!.keys.get(row.id)!) totals.set(key, aggregate);
  }
  for (const row of histograms.rows) {
    const aggregate = totals.get(list[row.g]!.keys.get(row.id)![0]!);
    if (aggregate) addEncodedText(aggregate.histogram, row.histogram);
  }
  return totals;
}

/** Past this many distinct bounds (a history page of 168 hours), one range read per table is cheaper. */
const maxBoundGroups = 12;

/**
 * The same totals from one range read per table: every row of the pieces' integrations between
 * the earliest start and the latest end, each added to the pieces that contain it.
 */
async function sumByRange(db: Queryable, pieces: readonly RollupPiece[], withHistograms: boolean): Promise<Map<number, Aggregate>> {
  const totals = new Map<number, Aggregate>();
  const parts: string[] = [];
  const values: unknown[] = [];
  const piecesById = new Map<string, RollupPiece[]>();
  for (const daily of [false, true]) {
    const selected = pieces.filter((piece) => piece.daily === daily);
    if (selected.length === 0) continue;
    for (const piece of selected) {
      const id = `${daily}:${piece.integrationId}`;
      piecesById.set(id, [...(piecesById.get(id) ?? []), piece]);
      totals.set(piece.key, emptyAggregate());
    }
    values.push([...new Set(selected.map((piece) => piece.integrationId))], new Date(Math.min(...selected.map((piece) => piece.from))), new Date(Math.max(...selected.map((piece) => piece.to))));
    parts.push(
      `SELECT ${daily} AS daily, integration_id AS id, ${epochMs('bucket_start')} AS at, ${scalarColumns}, ${withHistograms ? 'histogram::text' : "''"} AS histogram
         FROM ${daily ? 'rollups_daily' : 'rollups_hourly'}
        WHERE integration_id = ANY($${values.length - 2}::int[]) AND bucket_start >= $${values.length - 1} AND bucket_start < $${values.length}`,
    );
  }
  const { rows } = await db.query(parts.join('\nUNION ALL\n'), values);
  for (const row of rows) {
    for (const piece of piecesById.get(`${row.daily}:${row.id}`) ?? []) {
      if (row.at < piece.from || row.at >= piece.to) continue;
      const aggregate = totals.get(piece.key)!;
      mergeAggregate(aggregate, {
        ...scalarsOf(row),
        histogram: [],
      });
      if (withHistograms) addEncodedText(aggregate.histogram, row.histogram);
    }
  }
  return totals;
}

/** The scalar columns of a rollup row (the ones `scalarColumns` selects), camel-cased. */
function scalarsOf(row: Record<string, any>): Omit<StoredAggregate, 'histogram'> {
  return {
    countUp: row.count_up,
    countDegraded: row.count_degraded,
    countDown: row.count_down,
    secondsUp: row.seconds_up,
    secondsDegraded: row.seconds_degraded,
    secondsDown: row.seconds_down,
    secondsExcluded: row.seconds_excluded,
    latencyCount: row.latency_count,
    latencySum: row.latency_sum,
    latencyMin: row.latency_min,
    latencyMax: row.latency_max,
  };
}

export interface RollupRow extends StoredAggregate {
  integrationId: number;
  bucketStart: Date;
}

/** Rows of one table for some integrations in [from, to), oldest first. */
export async function readRollupRows(db: Queryable, table: RollupTable, integrationIds: readonly number[], from: Date, to: Date, limit: number | null = null): Promise<RollupRow[]> {
  const { rows } = await db.query(
    `SELECT integration_id, bucket_start, ${scalarColumns}, histogram FROM ${table}
      WHERE integration_id = ANY($1::int[]) AND bucket_start >= $2 AND bucket_start < $3
      ORDER BY integration_id, bucket_start LIMIT $4`,
    [integrationIds, from, to, limit],
  );
  return rows.map((row) => ({
    integrationId: row.integration_id,
    bucketStart: row.bucket_start,
    ...scalarsOf(row),
    histogram: row.histogram ?? [],
  }));
}

/**
 * Replaces rows (insert or overwrite), all in one statement. `computedAt` is how far the rows are
 * complete: a row of the current hour covers [bucket_start, computed_at) only.
 */
export async function upsertRollups(db: Queryable, table: RollupTable, rows: readonly { integrationId: number; bucketStart: number; aggregate: Aggregate }[], computedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (aggregate: Aggregate) => T) => rows.map((row) => pick(row.aggregate));
  await db.query(
    `INSERT INTO ${table} (integration_id, bucket_start, ${scalarColumns}, histogram, computed_at)
     SELECT r.integration_id, r.bucket_start, r.count_up, r.count_degraded, r.count_down, r.seconds_up, r.seconds_degraded, r.seconds_down,
            r.seconds_excluded, r.latency_count, r.latency_sum, r.latency_min, r.latency_max, r.h::int[], $15
       FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[], $8::float8[],
                                        $9::float8[], $10::int[], $11::float8[], $12::int[], $13::int[], $14::text[])
       AS r(integration_id, bucket_start, count_up, count_degraded, count_down, seconds_up, seconds_degraded, seconds_down, seconds_excluded,
            latency_count, latency_sum, latency_min, latency_max, h)
     ON CONFLICT (integration_id, bucket_start) DO UPDATE SET
       count_up = EXCLUDED.count_up, count_degraded = EXCLUDED.count_degraded, count_down = EXCLUDED.count_down,
       seconds_up = EXCLUDED.seconds_up, seconds_degraded = EXCLUDED.seconds_degraded, seconds_down = EXCLUDED.seconds_down,
       seconds_excluded = EXCLUDED.seconds_excluded, latency_count = EXCLUDED.latency_count, latency_sum = EXCLUDED.latency_sum,
       latency_min = EXCLUDED.latency_min, latency_max = EXCLUDED.latency_max, histogram = EXCLUDED.histogram, computed_at = EXCLUDED.computed_at`,
    [
      rows.map((row) => row.integrationId),
      rows.map((row) => iso(row.bucketStart)),
      column((a) => a.countUp),
      column((a) => a.countDegraded),
      column((a) => a.countDown),
      column((a) => a.secondsUp),
      column((a) => a.secondsDegraded),
      column((a) => a.secondsDown),
      column((a) => a.secondsExcluded),
      column((a) => a.latencyCount),
      column((a) => a.latencySum),
      column((a) => a.latencyMin),
      column((a) => a.latencyMax),
      column((a) => `{${encodeHistogram(a.histogram).join(',')}}`),
      computedAt,
    ],
  );
}

export interface RollupProgress {
  integrationId: number;
  /** Start (epoch ms) of the last hourly row, or null. */
  lastHour: number | null;
  /** Earliest raw result (epoch ms), only looked up when there is no hourly row yet. */
  firstResult: number | null;
}

export async function rollupProgress(db: Queryable): Promise<RollupProgress[]> {
  const { rows } = await db.query<{ id: number; last_hour: number | null; first_result: number | null }>(
    `SELECT w.id, w.last_hour,
            CASE WHEN w.last_hour IS NULL THEN (SELECT ${epochMs('min(c.started_at)')} FROM check_results c WHERE c.integration_id = w.id) END AS first_result
       FROM (SELECT i.id, (SELECT ${epochMs('max(r.bucket_start)')} FROM rollups_hourly r WHERE r.integration_id = i.id) AS last_hour
               FROM integrations i) w`,
  );
  return rows.map((row) => ({ integrationId: row.id, lastHour: row.last_hour, firstResult: row.first_result }));
}

/**
 * Per integration, the hours of [from, to) that must be rolled up before their raw rows may go:
 * every hour from the integration's first raw result in the range to the range's end (a status
 * holds until the next result, so those hours always have something to count) that has no
 * complete hourly row. Rows the job wrote while an hour was still running (`computed_at` before
 * the hour's end) do not count as complete. Hours are epoch ms, ascending.
 */
export async function hoursAwaitingRollup(db: Queryable, from: Date, to: Date): Promise<Map<number, number[]>> {
  const { rows } = await db.query<{ id: number; hour: number }>(
    `SELECT f.integration_id AS id, ${epochMs('h')} AS hour
       FROM (SELECT integration_id, min(started_at) AS first FROM check_results WHERE started_at >= $1 AND started_at < $2 GROUP BY integration_id) f
       CROSS JOIN LATERAL generate_series(to_timestamp(floor(date_part('epoch', f.first) / 3600) * 3600), $2::timestamptz - interval '1 hour', interval '1 hour') AS h
      WHERE NOT EXISTS (SELECT 1 FROM rollups_hourly r
                         WHERE r.integration_id = f.integration_id AND r.bucket_start = h AND r.computed_at >= h + interval '1 hour')
      ORDER BY 1, 2`,
    [from, to],
  );
  const hours = new Map<number, number[]>();
  for (const row of rows) hours.set(row.id, [...(hours.get(row.id) ?? []), row.hour]);
  return hours;
}

/**
 * True while some hour of `day` with raw results before or in it is not rolled up (see
 * `hoursAwaitingRollup`): the retention veto, so a day's raw rows never go before its rollups.
 * It looks at that day's own rollup rows — an integration's newest rollup says nothing about an
 * older day that was never rolled up.
 */
export async function dayAwaitsRollup(db: Queryable, day: Date): Promise<boolean> {
  return (await hoursAwaitingRollup(db, day, new Date(day.getTime() + 86_400_000))).size > 0;
}

/**
 * Rewrites (unchanged) the newest hourly row of each integration, so its `xmin` — the version
 * of all of the integration's rollup rows, see `rollupWatermarks` — moves after older rows were
 * written outside the normal run (retention rolling up an old day).
 */
export async function touchNewestRollups(db: Queryable, integrationIds: readonly number[]): Promise<void> {
  if (integrationIds.length === 0) return;
  await db.query(
    `UPDATE rollups_hourly r SET computed_at = r.computed_at
       FROM (SELECT integration_id, max(bucket_start) AS bucket_start FROM rollups_hourly WHERE integration_id = ANY($1::int[]) GROUP BY integration_id) n
      WHERE r.integration_id = n.integration_id AND r.bucket_start = n.bucket_start`,
    [integrationIds],
  );
}
