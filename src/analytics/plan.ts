/**
 * Splits a window into the pieces it is read from (pure): raw rows for the partial hours at its
 * edges and for hours the rollup job has not reached yet, daily rows for whole UTC days, hourly
 * rows for the rest. Rollup seconds are computed from raw rows with the same carry-over rules,
 * so the uptime over any window is the same as if it were computed from raw rows alone; only
 * percentiles are estimates (log buckets, ≤ 1 % relative error).
 */
import { ceilTo, dayMs, floorTo, hourMs } from './time.ts';

export type PieceSource = 'raw' | 'hourly' | 'daily';

/** A piece reads the rows whose bucket starts in [from, to) (a partial newest row included). */
export interface Piece {
  source: PieceSource;
  from: number;
  to: number;
}

/**
 * @param rolledUntil up to when (epoch ms) the rollups of this integration are complete — the end
 *   of the last whole hour or, for a partial newest row, its computed_at; null when there are
 *   none yet (everything is read raw).
 * @param rawSince start of the raw history still stored (older day partitions were dropped at
 *   retention). A window starting before it cannot read its partial first hour (nor the status
 *   carried into it) raw: it starts at that whole hour instead, from the rollups. (Stored rows
 *   are always newer than dropped ones, so after it the carried status is the true one.)
 */
export function planWindow(from: number, to: number, rolledUntil: number | null, rawSince: number | null = null): Piece[] {
  if (!(to > from)) return [];
  if (rawSince !== null && rolledUntil !== null && from < rawSince) from = floorTo(from, hourMs);
  const rollFrom = ceilTo(from, hourMs);
  // Whole hours rolled up end at `wholeTo`; the newest row may also cover part of the next hour
  // (up to rolledUntil), usable when the window runs at least that far.
  const wholeTo = rolledUntil === null ? rollFrom : Math.min(floorTo(to, hourMs), floorTo(rolledUntil, hourMs));
  const partial = rolledUntil !== null && rolledUntil % hourMs !== 0 && wholeTo === floorTo(rolledUntil, hourMs) && wholeTo >= rollFrom && to >= rolledUntil;
  const rollTo = partial ? rolledUntil : wholeTo;
  if (rollTo <= rollFrom) return [{ source: 'raw', from, to }];
  const pieces: Piece[] = [];
  if (from < rollFrom) pieces.push({ source: 'raw', from, to: rollFrom });
  const dayFrom = ceilTo(rollFrom, dayMs);
  const dayTo = floorTo(wholeTo, dayMs);
  if (dayTo > dayFrom) {
    if (rollFrom < dayFrom) pieces.push({ source: 'hourly', from: rollFrom, to: dayFrom });
    pieces.push({ source: 'daily', from: dayFrom, to: dayTo });
    if (dayTo < rollTo) pieces.push({ source: 'hourly', from: dayTo, to: rollTo });
  } else {
    pieces.push({ source: 'hourly', from: rollFrom, to: rollTo });
  }
  if (rollTo < to) pieces.push({ source: 'raw', from: rollTo, to });
  return pieces;
}

/** Merges overlapping or touching intervals (sorted result), so shared raw spans are read once. */
export function unionIntervals(intervals: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = [...intervals].filter((interval) => interval.to > interval.from).sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}
