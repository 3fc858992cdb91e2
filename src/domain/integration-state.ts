/**
 * How one stored result moves an integration's current state (pure). A result's status is what
 * the check observed; the integration's status follows it, except that a paused integration stays
 * paused. Failures (`down`) count toward backoff and alerting; `degraded` counts as working.
 */
import type { ObservedStatus } from '../checks/types.ts';
import type { Status } from './status.ts';

export interface CurrentState {
  status: Status;
  statusSince: Date;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

export function applyObservation(state: CurrentState, observed: ObservedStatus, at: Date): CurrentState & { changed: boolean } {
  const failed = observed === 'down';
  const changed = state.status !== observed;
  return {
    status: observed,
    statusSince: changed ? at : state.statusSince,
    consecutiveFailures: failed ? state.consecutiveFailures + 1 : 0,
    consecutiveSuccesses: failed ? 0 : state.consecutiveSuccesses + 1,
    changed,
  };
}
