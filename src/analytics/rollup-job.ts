/**
 * Builds hourly and daily rollups from raw history — incremental and idempotent.
 *
 * Every run recomputes, per integration, the hours from a little before its last rolled-up hour
 * (`lookbackHours`, so results that arrive late — a slow check, a push — are folded in) up to
 * `now` minus a settling margin, from raw rows, and replaces those rows (upsert). The current hour
 * is written too, as a partial row whose `computed_at` says how far it covers: queries then read
 * only the last few minutes raw. An integration without any rollup starts at its first raw
 * result. Daily rows are rebuilt from the hourly rows of every day touched. Running it twice over
 * the same hours writes the same rows: nothing is counted twice.
 * Work goes in chunks of one day, each in its own transaction, serialised by an advisory lock so
 * two instances never interleave; a run stops after `maxChunks` and the next run continues.
 */
import type pg from 'pg';
import { loadTimelines, type TimelineRequest } from '../store/history.ts';
import { readRollupRows, rollupProgress, touchNewestRollups, upsertRollups } from '../store/rollups.ts';
import { withTransaction } from '../store/sql.ts';
import { emptyAggregate, isEmptyAggregate, mergeStoredRow, type Aggregate } from './aggregate.ts';
import { boundaries, ceilTo, dayMs, floorTo, hourMs } from './time.ts';
import { aggregateSpans, stateFromCarry } from './timeline.ts';

export interface RollupOptions {
  /** Hours before the last rolled-up hour that are recomputed on every run. */
  lookbackHours?: number;
  /** Never recompute hours before this (their raw rows may be gone: retention). */
  notBefore?: Date;
  /** Days of catch-up per run (a fresh install with long history catches up over a few runs). */
  maxChunks?: number;
}

export interface RollupRun {
  hoursWritten: number;
  daysWritten: number;
  integrations: number;
  /** Hours [from, to) covered, or null when there was nothing to do. */
  from: Date | null;
  to: Date;
  /** False when maxChunks stopped the run before `to`. */
  complete: boolean;
}

export const defaultLookbackHours = 3;

/**
 * Rows cover up to this long before now: a check that started earlier has finished (timeouts are
 * at most 120 s) and is stored, so a partial hour is not written without it.
 */
export const settleMs = 2 * 60_000;

export async function runRollups(pool: pg.Pool, now: Date, options: RollupOptions = {}): Promise<RollupRun> {
  const end = now.getTime() - settleMs;
  const lookback = (options.lookbackHours ?? defaultLookbackHours) * hourMs;
  const floor = options.notBefore ? floorTo(options.notBefore.getTime(), hourMs) : -Infinity;
  const starts = new Map<number, number>();
  for (const progress of await rollupProgress(pool)) {
    const start = progress.lastHour !== null ? progress.lastHour + hourMs - lookback : progress.firstResult !== null ? floorTo(progress.firstResult, hourMs) : null;
    if (start === null) continue;
    const bounded = Math.max(start, floor);
    if (bounded < end) starts.set(progress.integrationId, bounded);
  }
  const run: RollupRun = { hoursWritten: 0, daysWritten: 0, integrations: starts.size, from: null, to: new Date(end), complete: true };
  if (starts.size === 0) return run;

  let cursor = Math.min(...starts.values());
  run.from = new Date(cursor);
  const maxChunks = options.maxChunks ?? 14;
  for (let chunk = 0; cursor < end; chunk += 1) {
    if (chunk >= maxChunks) {
      run.complete = false;
      run.to = new Date(cursor);
      break;
    }
    // Chunks of at least a day that end on UTC midnight, so each day is merged once per chunk and
    // a run that starts in the lookback hours of the previous day still moves a whole day forward.
    const chunkEnd = Math.min(ceilTo(cursor + dayMs, dayMs), end);
    const written = await rollUpChunk(pool, starts, cursor, chunkEnd, new Date(end));
    run.hoursWritten += written.hours;
    run.daysWritten += written.days;
    cursor = chunkEnd;
  }
  return run;
}

/** `coveredUntil` goes into computed_at: how far the rows written by this run are complete. */
async function rollUpChunk(pool: pg.Pool, starts: Map<number, number>, from: number, to: number, coveredUntil: Date): Promise<{ hours: number; days: number }> {
  const requests = [...starts]
    .filter(([, start]) => start < to)
    .map(([integrationId, start], key) => ({ key, integrationId, from: Math.max(start, from), to }));
  if (requests.length === 0) return { hours: 0, days: 0 };
  return withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('rollups'))");
    const hourly = await hourlyRows(client, requests);
    await upsertRollups(client, 'rollups_hourly', hourly, coveredUntil);
    const days = await rebuildDays(client, [...new Set(hourly.map((row) => row.integrationId))], floorTo(from, dayMs), floorTo(to - 1, dayMs) + dayMs, coveredUntil);
    return { hours: hourly.length, days };
  });
}

/**
 * Rolls up exactly the given hours (integration id → hour starts, epoch ms), whatever their age:
 * retention calls this for the hours of a day it is about to drop that the job never covered
 * (history older than the job's `notBefore`, a job that was stopped for long). Rows of other
 * hours are left as they are; the touched days' daily rows are rebuilt.
 */
export async function rollUpHours(pool: pg.Pool, hours: ReadonlyMap<number, readonly number[]>, coveredUntil: Date): Promise<{ hours: number; days: number }> {
  const requests: TimelineRequest[] = [];
  for (const [integrationId, starts] of hours) {
    // Consecutive hours become one range: one timeline read, the status carried across them.
    for (const start of [...starts].sort((a, b) => a - b)) {
      const last = requests.at(-1);
      if (last && last.integrationId === integrationId && last.to === start) last.to = start + hourMs;
      else requests.push({ key: requests.length, integrationId, from: start, to: start + hourMs });
    }
  }
  if (requests.length === 0) return { hours: 0, days: 0 };
  return withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('rollups'))");
    const hourly = await hourlyRows(client, requests);
    await upsertRollups(client, 'rollups_hourly', hourly, coveredUntil);
    const integrationIds = [...new Set(hourly.map((row) => row.integrationId))];
    const from = Math.min(...requests.map((request) => request.from));
    const to = Math.max(...requests.map((request) => request.to));
    const days = await rebuildDays(client, integrationIds, floorTo(from, dayMs), floorTo(to - 1, dayMs) + dayMs, coveredUntil);
    await touchNewestRollups(client, integrationIds);
    return { hours: hourly.length, days };
  });
}

/** Hourly aggregates of the requested ranges from raw history; hours with nothing known are left out. */
async function hourlyRows(client: pg.PoolClient, requests: readonly TimelineRequest[]): Promise<HourlyRow[]> {
  const timelines = await loadTimelines(client, requests);
  const hourly: HourlyRow[] = [];
  for (const request of requests) {
    const timeline = timelines.get(request.key)!;
    const cuts = boundaries(request.from, request.to, hourMs);
    aggregateSpans(stateFromCarry(timeline.carry), timeline.events, cuts).forEach((aggregate, index) => {
      if (!isEmptyAggregate(aggregate)) hourly.push({ integrationId: request.integrationId, bucketStart: cuts[index]!, aggregate });
    });
  }
  return hourly;
}

interface HourlyRow {
  integrationId: number;
  bucketStart: number;
  aggregate: Aggregate;
}

/** Daily rows = merge of their hourly rows, for the given integrations and days [from, to). */
async function rebuildDays(client: pg.PoolClient, integrationIds: number[], from: number, to: number, coveredUntil: Date): Promise<number> {
  if (integrationIds.length === 0) return 0;
  const daily = new Map<string, { integrationId: number; bucketStart: number; aggregate: Aggregate }>();
  for (const row of await readRollupRows(client, 'rollups_hourly', integrationIds, new Date(from), new Date(to))) {
    const bucketStart = floorTo(row.bucketStart.getTime(), dayMs);
    const key = `${row.integrationId}:${bucketStart}`;
    let day = daily.get(key);
    if (!day) daily.set(key, (day = { integrationId: row.integrationId, bucketStart, aggregate: emptyAggregate() }));
    mergeStoredRow(day.aggregate, row);
  }
  await upsertRollups(client, 'rollups_daily', [...daily.values()], coveredUntil);
  return daily.size;
}
