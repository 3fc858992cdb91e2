/**
 * How one stored result moves an integration's current state (pure). A result's status is what
 * the check observed; the integration's status follows it, except that a paused integration stays
 * paused and one inside a maintenance window shows `maintenance` (the result itself keeps what
 * was observed, and the counters keep counting, so backoff and the alert policy stay exact).
 * Failures (`down`) count toward backoff and alerting; `degraded` counts as working.
 */
import type { ObservedStatus } from '../checks/types.ts';
import type { Status } from './status.ts';

export interface CurrentState {
  status: Status;
  statusSince: Date;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

export function applyObservation(state: CurrentState, observed: ObservedStatus, at: Date, inMaintenance = false): CurrentState & { changed: boolean } {
  const failed = observed === 'down';
  const shown: Status = inMaintenance ? 'maintenance' : observed;
  const changed = state.status !== shown;
  return {
    status: shown,
    statusSince: changed ? at : state.statusSince,
    consecutiveFailures: failed ? state.consecutiveFailures + 1 : 0,
    consecutiveSuccesses: failed ? 0 : state.consecutiveSuccesses + 1,
    changed,
  };
}
