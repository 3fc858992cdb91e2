/**
 * The alert policy: given what the integration's recipients have been told so far (the alert
 * state) and one new check result, which alerts go out now. Pure: no I/O, the clock is an input,
 * the state is a small JSON-serializable object the caller stores next to the integration and
 * writes back in the same transaction as the status change and the delivery jobs.
 *
 * Rules (N = downAfter, M = recoverAfter, R = reminderMinutes, C = cooldownMinutes):
 *  - `down` after N consecutive `down` results.
 *  - `recovered` only after a `down` (or `degraded`) alert was actually sent, once M consecutive
 *    results are not down (for a down alert) or are up (for a degraded alert). Never held back
 *    by cooldown: people who were told "down" must be told it is over.
 *  - `degraded` only with alertOnDegraded, after N consecutive results that are not `up` with the
 *    latest one `degraded`. Escalating from an announced `degraded` to `down` always alerts.
 *  - `reminder` every R minutes (0 = off) while a sent down alert is still down, evaluated on
 *    each result, so it goes out with the first result at least R minutes after the last
 *    down/reminder.
 *  - Cooldown (flapping): an alert that *opens* an incident (down, or degraded) while recipients
 *    believe all is well is held back when the previous opening alert went out less than C
 *    minutes ago. A held-back incident is remembered as not announced: if it recovers within
 *    the cooldown nothing is sent (they never heard "down", so no "recovered" either); if it is
 *    still down on the first result after the cooldown ends, the down alert goes out then, with
 *    `downSince` at the first failure, and its recovery is reported like any other. So
 *    down→up→down within C sends one down and one recovered; a lasting outage is never hidden.
 *  - Maintenance: results in a maintenance window update the counters but send nothing. The
 *    first result after the window is judged on the full counters: still down past N → down
 *    alert; recovered while silenced after a down alert was sent before the window → recovered.
 *
 * Per-channel cooldown is the caller's: `channelCooldownAllows` for events where
 * `eventRespectsCooldown(type)` is true, with the channel's last delivery for this integration.
 * A channel that skipped an incident's opening alert should also skip its `recovered`.
 */
import { z } from 'zod';
import type { IntegrationStatus } from './types.ts';

export type ResultStatus = Extract<IntegrationStatus, 'up' | 'degraded' | 'down'>;
export type PolicyEventType = 'down' | 'recovered' | 'degraded' | 'reminder';

export const alertPolicySchema = z.object({
  downAfter: z.number().int().min(1).max(100).describe('Alert "down" after this many consecutive failed checks'),
  recoverAfter: z.number().int().min(1).max(100).describe('Alert "recovered" after this many consecutive good checks'),
  alertOnDegraded: z.boolean().describe('Also alert when the integration is degraded (slow, warning)'),
  reminderMinutes: z.number().int().min(0).max(10_080).describe('Remind every N minutes while still down (0 = never)'),
  cooldownMinutes: z.number().int().min(0).max(10_080).describe('Hold back a new down alert this long after the last one (flapping)'),
});
export type AlertPolicy = z.output<typeof alertPolicySchema>;
export const alertPolicyOverridesSchema = alertPolicySchema.partial();
export type AlertPolicyOverrides = z.output<typeof alertPolicyOverridesSchema>;

export const DEFAULT_ALERT_POLICY: Readonly<AlertPolicy> = Object.freeze({
  downAfter: 2,
  recoverAfter: 1,
  alertOnDegraded: false,
  reminderMinutes: 60,
  cooldownMinutes: 15,
});

/** Global defaults (from config) with one integration's overrides on top; unset keys inherit. */
export function resolveAlertPolicy(defaults: AlertPolicy, overrides?: AlertPolicyOverrides | null): AlertPolicy {
  const set = Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(set) };
}

const instant = z.iso.datetime();
const statusEnum = z.enum(['up', 'degraded', 'down', 'maintenance', 'paused', 'unknown']);

export const alertStateSchema = z.object({
  v: z.literal(1),
  /** Consecutive results: `down`; not `up`; `up`; not `down`. */
  downRun: z.number().int().min(0),
  problemRun: z.number().int().min(0),
  upRun: z.number().int().min(0),
  notDownRun: z.number().int().min(0),
  lastStatus: statusEnum.nullable(),
  /** Status just before the current run of `down` / not-`up` results began (previousStatus). */
  beforeDown: statusEnum.nullable(),
  beforeProblem: statusEnum.nullable(),
  /** What recipients were last told: all well, degraded, or down. */
  alerted: z.enum(['none', 'degraded', 'down']),
  /** First `down` result of the current outage; kept until its recovery is announced. */
  downSince: instant.nullable(),
  /** Last alert that opened an incident (down or degraded): the cooldown clock. */
  lastOpenedAt: instant.nullable(),
  /** Last down or reminder alert: the reminder clock. */
  lastNotifiedAt: instant.nullable(),
  /** Why the last result's alert was not sent, for the UI; null when nothing was held back. */
  heldBack: z.enum(['cooldown', 'maintenance']).nullable(),
  lastAlertType: z.enum(['down', 'recovered', 'degraded', 'reminder']).nullable(),
  lastAlertAt: instant.nullable(),
});
export type AlertState = z.output<typeof alertStateSchema>;

export function initialAlertState(): AlertState {
  return {
    v: 1,
    downRun: 0,
    problemRun: 0,
    upRun: 0,
    notDownRun: 0,
    lastStatus: null,
    beforeDown: null,
    beforeProblem: null,
    alerted: 'none',
    downSince: null,
    lastOpenedAt: null,
    lastNotifiedAt: null,
    heldBack: null,
    lastAlertType: null,
    lastAlertAt: null,
  };
}

/** Reads a stored state; null/undefined (never evaluated) gives the initial state. Throws if corrupt. */
export function parseAlertState(stored: unknown): AlertState {
  return stored === null || stored === undefined ? initialAlertState() : alertStateSchema.parse(stored);
}

/** One alert to send; the caller adds integration, reason, id and URL (see `toAlertEvent`). */
export interface AlertIntent {
  type: PolicyEventType;
  status: ResultStatus;
  previousStatus: IntegrationStatus;
  downSince?: Date;
}

export interface HeldBack {
  type: 'down' | 'degraded';
  reason: 'cooldown' | 'maintenance';
  /** For cooldown: the first result after this instant will send it if still failing. */
  until?: Date;
}

export interface PolicyInput {
  policy: AlertPolicy;
  state: AlertState;
  status: ResultStatus;
  inMaintenance: boolean;
  now: Date;
}

export interface PolicyDecision {
  events: AlertIntent[];
  state: AlertState;
  heldBack: HeldBack | null;
}

const MINUTE = 60_000;

export function evaluateAlertPolicy(input: PolicyInput): PolicyDecision {
  const { policy, status, now } = input;
  const at = now.toISOString();
  const state = countResult(input.state, status, at);
  const events: AlertIntent[] = [];
  let heldBack: HeldBack | null = null;

  const emit = (intent: AlertIntent) => {
    events.push(intent);
    state.lastAlertType = intent.type;
    state.lastAlertAt = at;
  };
  const open = (type: 'down' | 'degraded') => {
    if (input.inMaintenance) {
      heldBack = { type, reason: 'maintenance' };
      return;
    }
    const lastOpened = state.lastOpenedAt ? Date.parse(state.lastOpenedAt) : undefined;
    const cooling = state.alerted === 'none' && lastOpened !== undefined && now.getTime() - lastOpened < policy.cooldownMinutes * MINUTE;
    if (cooling) {
      heldBack = { type, reason: 'cooldown', until: new Date(lastOpened + policy.cooldownMinutes * MINUTE) };
      return;
    }
    const previousStatus = type === 'down' ? (state.alerted === 'degraded' ? 'degraded' : state.beforeDown) : state.beforeProblem;
    emit({
      type,
      status,
      previousStatus: previousStatus ?? 'unknown',
      ...(type === 'down' && state.downSince ? { downSince: new Date(state.downSince) } : {}),
    });
    state.alerted = type;
    state.lastOpenedAt = at;
    if (type === 'down') state.lastNotifiedAt = at;
  };

  if (state.alerted === 'down') {
    if (input.inMaintenance) {
      // Silenced: neither reminders nor recovery; both are judged again after the window.
    } else if (status === 'down') {
      const lastNotified = state.lastNotifiedAt ? Date.parse(state.lastNotifiedAt) : 0;
      if (policy.reminderMinutes > 0 && now.getTime() - lastNotified >= policy.reminderMinutes * MINUTE) {
        emit({ type: 'reminder', status, previousStatus: 'down', ...(state.downSince ? { downSince: new Date(state.downSince) } : {}) });
        state.lastNotifiedAt = at;
      }
    } else if (state.notDownRun >= policy.recoverAfter) {
      emit({ type: 'recovered', status, previousStatus: 'down', ...(state.downSince ? { downSince: new Date(state.downSince) } : {}) });
      // Recovering into "degraded" tells degraded-subscribers the new state already.
      state.alerted = status === 'degraded' && policy.alertOnDegraded ? 'degraded' : 'none';
      state.downSince = null;
    }
  } else if (state.downRun >= policy.downAfter) {
    open('down');
  } else if (state.alerted === 'degraded') {
    if (!input.inMaintenance && state.upRun >= policy.recoverAfter) {
      emit({ type: 'recovered', status, previousStatus: 'degraded' });
      state.alerted = 'none';
    }
  } else if (policy.alertOnDegraded && status === 'degraded' && state.problemRun >= policy.downAfter) {
    open('degraded');
  }

  state.heldBack = (heldBack as HeldBack | null)?.reason ?? null;
  return { events, state, heldBack };
}

/** Advances the run counters for one result; returns a new state object. */
function countResult(previous: AlertState, status: ResultStatus, at: string): AlertState {
  const state: AlertState = { ...previous };
  if (status === 'down' && state.downRun === 0) state.beforeDown = state.lastStatus ?? 'unknown';
  if (status !== 'up' && state.problemRun === 0) state.beforeProblem = state.lastStatus ?? 'unknown';
  state.downRun = status === 'down' ? state.downRun + 1 : 0;
  state.problemRun = status !== 'up' ? state.problemRun + 1 : 0;
  state.upRun = status === 'up' ? state.upRun + 1 : 0;
  state.notDownRun = status !== 'down' ? state.notDownRun + 1 : 0;
  state.lastStatus = status;
  // An announced outage keeps its start until "recovered"; an unannounced run restarts.
  if (status === 'down') state.downSince ??= at;
  else if (state.alerted !== 'down') state.downSince = null;
  return state;
}

/** Events that open an incident and so respect cooldowns; recoveries and reminders never do. */
export function eventRespectsCooldown(type: string): boolean {
  return type === 'down' || type === 'degraded';
}

/** Per-channel cooldown: true when nothing was sent on this channel within the cooldown. */
export function channelCooldownAllows(lastSentAt: Date | null | undefined, now: Date, cooldownMinutes: number): boolean {
  if (!lastSentAt || cooldownMinutes <= 0) return true;
  return now.getTime() - lastSentAt.getTime() >= cooldownMinutes * MINUTE;
}
