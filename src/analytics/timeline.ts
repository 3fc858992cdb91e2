/**
 * Time-weighted status accounting (pure). A status holds from its result until the next result;
 * the time before an integration's first result is not counted at all. Paused and maintenance
 * time is excluded: a status change to `paused`/`maintenance` starts an overlay that lasts until
 * the next status change, whatever results arrive meanwhile. `unknown` (after a resume) lasts
 * until the next result. Counting time, not checks, matters because a failing integration is
 * checked less often (backoff) — per-check counting would flatter it.
 */
import type { Status } from '../domain/status.ts';
import { addResult, emptyAggregate, type Aggregate } from './aggregate.ts';

export type ResultStatus = 'up' | 'degraded' | 'down';

export interface TimelineState {
  /** Status of the last result, which holds until the next one. */
  lastResult: ResultStatus | null;
  /** A core status that hides the last result while it lasts. */
  overlay: 'paused' | 'maintenance' | 'unknown' | null;
  /** True for overlays that the next result ends (unknown after resume, or a result that said so). */
  overlayEndsAtResult: boolean;
}

export type TimelineEvent =
  | { at: number; kind: 'result'; status: Status; latencyMs: number | null }
  | { at: number; kind: 'change'; status: Status };

export const initialState: TimelineState = { lastResult: null, overlay: null, overlayEndsAtResult: false };

const isObserved = (status: Status): status is ResultStatus => status === 'up' || status === 'degraded' || status === 'down';

export function applyEvent(state: TimelineState, event: TimelineEvent): TimelineState {
  const next = { ...state };
  applyInPlace(next, event);
  return next;
}

/** The same transition, mutating `state` (the hot loop below allocates nothing per event). */
function applyInPlace(state: TimelineState, event: TimelineEvent): void {
  if (event.kind === 'result') {
    if (isObserved(event.status)) {
      if (state.overlay === null || state.overlayEndsAtResult) state.overlay = null;
      state.lastResult = event.status;
      state.overlayEndsAtResult = false;
      return;
    }
    state.overlay = event.status;
    state.overlayEndsAtResult = true;
    return;
  }
  if (isObserved(event.status)) {
    state.overlay = null;
    state.overlayEndsAtResult = false;
    return;
  }
  state.overlay = event.status;
  state.overlayEndsAtResult = event.status === 'unknown';
}

/** The state at a range start from the last result and the last status change before it. */
export function stateFromCarry(carry: { result?: { at: number; status: Status } | null; change?: { at: number; status: Status } | null }): TimelineState {
  const events: TimelineEvent[] = [];
  if (carry.result) events.push({ at: carry.result.at, kind: 'result', status: carry.result.status, latencyMs: null });
  if (carry.change) events.push({ at: carry.change.at, kind: 'change', status: carry.change.status });
  // A result and a change at the same instant: the change (finished_at) follows its result.
  events.sort((a, b) => a.at - b.at || (a.kind === 'result' ? -1 : 1));
  return events.reduce(applyEvent, initialState);
}

/** Which seconds column a state's time goes to (null: nothing known yet). */
export function effectiveStatus(state: TimelineState): Status | null {
  return state.overlay ?? state.lastResult;
}

function addTime(aggregate: Aggregate, state: TimelineState, ms: number): void {
  if (ms <= 0) return;
  const seconds = ms / 1000;
  switch (effectiveStatus(state)) {
    case 'up':
      aggregate.secondsUp += seconds;
      return;
    case 'degraded':
      aggregate.secondsDegraded += seconds;
      return;
    case 'down':
      aggregate.secondsDown += seconds;
      return;
    case null:
      return;
    default:
      aggregate.secondsExcluded += seconds;
  }
}

/**
 * One aggregate per span between consecutive `cuts` (sorted epoch ms). `events` must be sorted by
 * time; events before the first cut only advance the state (so a caller can hand over a longer
 * timeline), events at or after the last cut are ignored. Time before the first cut is not counted.
 */
export function aggregateSpans(start: TimelineState, events: readonly TimelineEvent[], cuts: readonly number[]): Aggregate[] {
  const state = { ...start };
  let next = 0;
  const first = cuts[0];
  if (first === undefined) return [];
  while (next < events.length && events[next]!.at < first) applyInPlace(state, events[next++]!);
  const spans: Aggregate[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const end = cuts[index + 1]!;
    const aggregate = emptyAggregate();
    let at = cuts[index]!;
    while (next < events.length && events[next]!.at < end) {
      const event = events[next++]!;
      addTime(aggregate, state, event.at - at);
      if (event.kind === 'result' && isObserved(event.status)) addResult(aggregate, event.status, event.latencyMs);
      applyInPlace(state, event);
      at = event.at;
    }
    addTime(aggregate, state, end - at);
    spans.push(aggregate);
  }
  return spans;
}
