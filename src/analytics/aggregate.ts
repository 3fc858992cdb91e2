/**
 * One aggregate shape for everything: a rollup row (hour or day), the raw rows of a partial hour,
 * or a whole window. Every field is additive (or min/max), so a window is the merge of its pieces.
 */
import { addEncoded, addLatency, mergeHistograms, type DenseHistogram } from './histogram.ts';

export interface Aggregate {
  countUp: number;
  countDegraded: number;
  countDown: number;
  /** Time-weighted seconds per status (a status holds until the next result). */
  secondsUp: number;
  secondsDegraded: number;
  secondsDown: number;
  /** Paused, maintenance and unknown time: known, but neither up nor down. */
  secondsExcluded: number;
  /** Latency of working checks (up and degraded): failures often time out and would skew it. */
  latencyCount: number;
  latencySum: number;
  latencyMin: number | null;
  latencyMax: number | null;
  histogram: DenseHistogram;
}

export function emptyAggregate(): Aggregate {
  return {
    countUp: 0,
    countDegraded: 0,
    countDown: 0,
    secondsUp: 0,
    secondsDegraded: 0,
    secondsDown: 0,
    secondsExcluded: 0,
    latencyCount: 0,
    latencySum: 0,
    latencyMin: null,
    latencyMax: null,
    histogram: [],
  };
}

/** Adds `source` into `target` (mutates and returns target). */
export function mergeAggregate(target: Aggregate, source: Aggregate): Aggregate {
  target.countUp += source.countUp;
  target.countDegraded += source.countDegraded;
  target.countDown += source.countDown;
  target.secondsUp += source.secondsUp;
  target.secondsDegraded += source.secondsDegraded;
  target.secondsDown += source.secondsDown;
  target.secondsExcluded += source.secondsExcluded;
  mergeLatencyScalars(target, source);
  mergeHistograms(target.histogram, source.histogram);
  return target;
}

/** Rollup rows carry their histogram in stored form; adds one without decoding it first. */
export function mergeStoredRow(target: Aggregate, row: Omit<Aggregate, 'histogram'> & { histogram: readonly number[] }): Aggregate {
  const { histogram, ...scalars } = row;
  mergeAggregate(target, { ...scalars, histogram: [] });
  addEncoded(target.histogram, histogram);
  return target;
}

function mergeLatencyScalars(target: Aggregate, source: Pick<Aggregate, 'latencyCount' | 'latencySum' | 'latencyMin' | 'latencyMax'>): void {
  target.latencyCount += source.latencyCount;
  target.latencySum += source.latencySum;
  if (source.latencyMin !== null) target.latencyMin = target.latencyMin === null ? source.latencyMin : Math.min(target.latencyMin, source.latencyMin);
  if (source.latencyMax !== null) target.latencyMax = target.latencyMax === null ? source.latencyMax : Math.max(target.latencyMax, source.latencyMax);
}

export function addResult(target: Aggregate, status: 'up' | 'degraded' | 'down', latencyMs: number | null): void {
  if (status === 'up') target.countUp += 1;
  else if (status === 'degraded') target.countDegraded += 1;
  else target.countDown += 1;
  if (status === 'down' || latencyMs === null || !Number.isFinite(latencyMs)) return;
  mergeLatencyScalars(target, { latencyCount: 1, latencySum: latencyMs, latencyMin: latencyMs, latencyMax: latencyMs });
  addLatency(target.histogram, latencyMs);
}

/** True when the aggregate knows nothing (no time, no results): not worth a rollup row. */
export function isEmptyAggregate(aggregate: Aggregate): boolean {
  return (
    aggregate.countUp + aggregate.countDegraded + aggregate.countDown === 0 &&
    aggregate.secondsUp + aggregate.secondsDegraded + aggregate.secondsDown + aggregate.secondsExcluded === 0
  );
}

/**
 * Time-weighted uptime 0..1: time up or degraded (degraded still works) over time up, degraded
 * or down. Paused, maintenance and unknown time count for neither. Null when no time is known.
 */
export function uptimeRatio(aggregate: Aggregate): number | null {
  const working = aggregate.secondsUp + aggregate.secondsDegraded;
  const counted = working + aggregate.secondsDown;
  return counted > 0 ? working / counted : null;
}
