/**
 * Aggregates of many integrations over many windows in a fixed number of queries, whatever the
 * number of integrations: one for the rollup watermarks, then (in parallel) the rollup totals,
 * the rollup histograms, the raw events and the raw carry-over states (one more only for an
 * integration with no result in the last two hours). Each window is split by `planWindow` into
 * raw, hourly and daily pieces; raw spans shared by several windows are read once, and pieces
 * that cannot have changed come from the per-pool cache (piece-cache.ts).
 */
import { loadTimelines, type Queryable, type TimelineRequest } from '../store/history.ts';
import { rawHistoryStart, rollupWatermarks, sumRollupPieces, type RollupPiece } from '../store/rollups.ts';
import { emptyAggregate, mergeAggregate, type Aggregate } from './aggregate.ts';
import { pieceCacheFor } from './piece-cache.ts';
import { planWindow, unionIntervals } from './plan.ts';
import { defaultLookbackHours } from './rollup-job.ts';
import { floorTo, hourMs } from './time.ts';
import { aggregateSpans, stateFromCarry, type TimelineEvent, type TimelineState } from './timeline.ts';

export interface WindowRequest {
  from: number;
  to: number;
  /** Merge latency histograms too (percentiles); totals alone are cheaper. */
  histogram: boolean;
}

type Cached = { kind: 'rollup'; aggregate: Aggregate; histogram: boolean } | { kind: 'hour'; start: TimelineState; events: TimelineEvent[] };

interface RawPiece {
  window: number;
  from: number;
  to: number;
}

/** Raw hours this far behind the rollup watermark are final: the rollup job no longer revisits them. */
const finalAfterMs = defaultLookbackHours * hourMs;

/** Result: one map per requested window, with an aggregate for every requested integration. */
export async function aggregateWindows(db: Queryable, integrationIds: readonly number[], windows: readonly WindowRequest[]): Promise<Map<number, Aggregate>[]> {
  const ids = [...new Set(integrationIds)];
  const results = windows.map(() => new Map<number, Aggregate>(ids.map((id) => [id, emptyAggregate()])));
  if (ids.length === 0 || windows.length === 0) return results;
  const cache = pieceCacheFor<Cached>(db);
  const [watermarks, rawSince] = await Promise.all([rollupWatermarks(db, ids), cachedRawHistoryStart(db)]);
  const add = (window: number, id: number, aggregate: Aggregate) => mergeAggregate(results[window]!.get(id)!, aggregate);

  // One request per distinct piece (windows of one integration often share their hourly tail).
  const rollupMisses = new Map<string, RollupPiece & { windows: number[]; histogram: boolean }>();
  const livePieces = new Map<number, RawPiece[]>();
  const finalHours = new Map<string, { id: number; hour: number; pieces: RawPiece[] }>();
  windows.forEach((window, windowIndex) => {
    for (const id of ids) {
      const mark = watermarks.get(id) ?? { until: null, version: 'none' };
      for (const piece of planWindow(window.from, window.to, mark.until, rawSince)) {
        if (piece.source === 'raw') {
          const hour = floorTo(piece.from, hourMs);
          const final = mark.until !== null && piece.to <= hour + hourMs && hour + hourMs <= mark.until - finalAfterMs;
          if (!final) {
            livePieces.set(id, [...(livePieces.get(id) ?? []), { window: windowIndex, ...piece }]);
            continue;
          }
          const key = `hour:${id}:${hour}`;
          const cached = cache.get(key, 'final');
          if (cached?.kind === 'hour') {
            add(windowIndex, id, aggregateSpans(cached.start, cached.events, [piece.from, piece.to])[0]!);
            continue;
          }
          const pending = finalHours.get(key) ?? { id, hour, pieces: [] };
          pending.pieces.push({ window: windowIndex, ...piece });
          finalHours.set(key, pending);
          continue;
        }
        const cacheKey = `${piece.source}:${id}:${piece.from}:${piece.to}`;
        const cached = cache.get(cacheKey, mark.version);
        if (cached?.kind === 'rollup' && (cached.histogram || !window.histogram)) {
          add(windowIndex, id, cached.aggregate);
          continue;
        }
        const miss = rollupMisses.get(cacheKey);
        if (miss) {
          miss.windows.push(windowIndex);
          miss.histogram ||= window.histogram;
        } else {
          rollupMisses.set(cacheKey, { key: rollupMisses.size, integrationId: id, from: piece.from, to: piece.to, daily: piece.source === 'daily', windows: [windowIndex], histogram: window.histogram });
        }
      }
    }
  });

  const requests: (TimelineRequest & { pieces: RawPiece[]; cacheKey?: string })[] = [];
  for (const [id, pieces] of livePieces) {
    for (const interval of unionIntervals(pieces)) {
      requests.push({ key: requests.length, integrationId: id, ...interval, pieces: pieces.filter((piece) => piece.from >= interval.from && piece.to <= interval.to) });
    }
  }
  for (const [cacheKey, pending] of finalHours) {
    requests.push({ key: requests.length, integrationId: pending.id, from: pending.hour, to: pending.hour + hourMs, pieces: pending.pieces, cacheKey });
  }

  const misses = [...rollupMisses];
  const withHistogram = misses.filter(([, piece]) => piece.histogram);
  const totalsOnly = misses.filter(([, piece]) => !piece.histogram);
  const [histogramTotals, plainTotals, timelines] = await Promise.all([
    sumRollupPieces(db, withHistogram.map(([, piece]) => piece), true),
    sumRollupPieces(db, totalsOnly.map(([, piece]) => piece), false),
    loadTimelines(db, requests),
  ]);

  for (const [pieces, totals] of [[withHistogram, histogramTotals], [totalsOnly, plainTotals]] as const) {
    for (const [cacheKey, piece] of pieces) {
      const aggregate = totals.get(piece.key) ?? emptyAggregate();
      cache.set(cacheKey, watermarks.get(piece.integrationId)!.version, { kind: 'rollup', aggregate, histogram: piece.histogram });
      for (const window of piece.windows) add(window, piece.integrationId, aggregate);
    }
  }
  for (const request of requests) {
    const timeline = timelines.get(request.key)!;
    const start = stateFromCarry(timeline.carry);
    if (request.cacheKey) cache.set(request.cacheKey, 'final', { kind: 'hour', start, events: timeline.events });
    for (const piece of request.pieces) add(piece.window, request.integrationId, aggregateSpans(start, timeline.events, [piece.from, piece.to])[0]!);
  }
  return results;
}

/** The oldest raw day changes once a day: asking the catalog every few minutes is plenty. */
const rawStartCache = new WeakMap<object, { value: number | null; expires: number }>();

async function cachedRawHistoryStart(db: Queryable): Promise<number | null> {
  const cached = rawStartCache.get(db);
  if (cached && cached.expires > Date.now()) return cached.value;
  const value = await rawHistoryStart(db);
  rawStartCache.set(db, { value, expires: Date.now() + 5 * 60_000 });
  return value;
}
