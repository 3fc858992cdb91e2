/**
 * What `integrations.alert_state` holds: the policy's own state (policy.ts) plus the delivery
 * bookkeeping that lives next to it — the last TLS-expiry threshold warned about, and the
 * channels that skipped the current incident's opening alert under their cooldown (they never
 * heard "down", so they must not hear "still down" or "recovered" either). Pure.
 */
import { z } from 'zod';
import { initialAlertState, parseAlertState, type AlertState } from './policy.ts';

export interface StoredAlertState {
  policy: AlertState;
  lastWarnedDays: number | null;
  skippedChannelIds: number[];
}

const extrasSchema = z.object({
  lastWarnedDays: z.number().int().nullable().catch(null),
  skippedChannelIds: z.array(z.number().int()).catch([]),
});

export interface ReadAlertState {
  state: StoredAlertState;
  /** The stored JSON did not parse and was replaced by the initial state (worth a log line). */
  reset: boolean;
}

/**
 * Never throws: a corrupt state must not stop results from being recorded, so it falls back to
 * the initial state (the next alert then judges from fresh counters).
 */
export function readAlertState(stored: unknown): ReadAlertState {
  const empty: StoredAlertState = { policy: initialAlertState(), lastWarnedDays: null, skippedChannelIds: [] };
  if (stored === null || stored === undefined) return { state: empty, reset: false };
  try {
    const policy = parseAlertState(stored);
    const extras = extrasSchema.parse({ lastWarnedDays: null, skippedChannelIds: [], ...(stored as object) });
    return { state: { policy, ...extras }, reset: false };
  } catch {
    return { state: empty, reset: true };
  }
}

/** One flat JSON object: the policy's fields plus the extras (the policy schema ignores unknown keys). */
export function alertStateJson(state: StoredAlertState): Record<string, unknown> {
  return { ...state.policy, lastWarnedDays: state.lastWarnedDays, skippedChannelIds: state.skippedChannelIds };
}
