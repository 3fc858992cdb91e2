/**
 * Retention of raw history (`HISTORY_RETENTION_DAYS`): every day that ends before the cutoff goes
 * — its day partition is dropped, its rows in the default partition are deleted — but only after
 * its hours are rolled up, whatever their age. The rollup job covers recent hours only (it never
 * goes back past the retention window), so history older than that, rows that sat in the default
 * partition, or hours a stopped job never reached would otherwise vanish without a trace: here
 * every such hour is rolled up from the raw rows first, then the day is dropped. All days are
 * rolled up before any is dropped, oldest first, so the status carried into a day is still read
 * from the day before it. The `keep` veto (the day still awaits rollups) stops a drop if rolling
 * up failed or a late row arrived in between.
 */
import type pg from 'pg';
import { dropPartitionsBefore, defaultPartitionDaysBefore, listPartitions, partitionDay, pruneDefaultPartitionBefore } from '../store/partitions.ts';
import { hoursAwaitingRollup } from '../store/rollups.ts';
import { rollUpHours } from './rollup-job.ts';
import { dayMs } from './time.ts';

export interface RetentionOptions {
  now: Date;
  retentionDays: number;
  /** Vetoes dropping a day (true: keep it for now). */
  keep: (day: Date) => Promise<boolean>;
}

export interface RetentionRun {
  /** Hourly rows written for hours that were not rolled up yet. */
  hoursRolledUp: number;
  /** Day partitions dropped. */
  dropped: string[];
  /** Days (YYYY-MM-DD) whose rows were deleted from the default partition. */
  pruned: string[];
}

export async function applyRetention(pool: pg.Pool, options: RetentionOptions): Promise<RetentionRun> {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * dayMs);
  let hoursRolledUp = 0;
  for (const day of await daysEndingBefore(pool, cutoff)) {
    const missing = await hoursAwaitingRollup(pool, day, new Date(day.getTime() + dayMs));
    if (missing.size > 0) hoursRolledUp += (await rollUpHours(pool, missing, options.now)).hours;
  }
  const dropped = await dropPartitionsBefore(pool, cutoff, options.keep);
  const pruned = await pruneDefaultPartitionBefore(pool, cutoff, options.keep);
  return { hoursRolledUp, dropped, pruned };
}

/** Days of raw history past retention — day partitions and days in the default partition — oldest first. */
async function daysEndingBefore(pool: pg.Pool, cutoff: Date): Promise<Date[]> {
  const days = new Map<number, Date>();
  for (const name of await listPartitions(pool)) {
    const day = partitionDay(name);
    if (day && day.getTime() + dayMs <= cutoff.getTime()) days.set(day.getTime(), day);
  }
  for (const day of await defaultPartitionDaysBefore(pool, cutoff)) days.set(day.getTime(), day);
  return [...days.values()].sort((a, b) => a.getTime() - b.getTime());
}
