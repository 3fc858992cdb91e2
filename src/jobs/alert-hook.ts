/**
 * Decides and enqueues alerts inside each result's transaction (a `context.resultHooks` entry).
 * The integration row is already locked by recordResult, so reading `alert_state`, running the
 * pure policy and writing the state back are serialized per integration across every instance.
 * Each alert becomes one `alert_deliveries` row per matching channel plus one pg-boss job per new
 * row, committed together with the result: never lost (no commit, no alert; commit, a job) and
 * never doubled (the UNIQUE (event_key, channel_id) index; event keys derive from the result id).
 */
import type pg from 'pg';
import type { AppContext } from '../context.ts';
import { publicBaseUrl } from '../alerts/app-settings.ts';
import { toAlertEvent, tlsExpiryAlertEvent, type AlertEventContext } from '../alerts/events.ts';
import {
  alertPolicyOverridesSchema,
  channelCooldownAllows,
  evaluateAlertPolicy,
  eventRespectsCooldown,
  resolveAlertPolicy,
  type AlertPolicy,
} from '../alerts/policy.ts';
import { storeAlertEvent } from '../alerts/stored-event.ts';
import { alertStateJson, readAlertState, type StoredAlertState } from '../alerts/stored-state.ts';
import { tlsExpiryEvent } from '../alerts/tls-expiry.ts';
import type { AlertEvent } from '../alerts/types.ts';
import type { Config } from '../config.ts';
import type { InTransactionHook, RecordedIntegration, RecordedResult } from '../store/record-result.ts';
import { channelsForTags, insertDeliveries, lastOpeningPerChannel, latestStatusChangeId } from '../store/alert-deliveries.ts';
import { enqueueAlertDeliveries } from './alert-queue.ts';

type AlertSubject = RecordedIntegration;

export function createAlertHook(app: Pick<AppContext, 'config' | 'boss' | 'log'>): InTransactionHook {
  return async (client, recorded, subject) => {
    const read = readAlertState(subject.alert_state);
    if (read.reset) app.log.warn({ integration: subject.slug }, 'stored alert state was unreadable; starting from a fresh state');
    const overrides = alertPolicyOverridesSchema.safeParse(subject.alert_policy ?? {});
    const policy = resolveAlertPolicy(app.config.alertPolicy, overrides.success ? overrides.data : {});

    const { events, state } = decide(app.config, subject, policy, read.state, recorded);
    const skippedChannelIds = events.length > 0 ? await fanOut(app, client, subject, recorded, events, policy, read.state) : state.skippedChannelIds;
    // Written by recordResult's UPDATE of the same row.
    return { alertState: alertStateJson({ ...state, skippedChannelIds }) };
  };
}

/** The policy's alerts plus a TLS-expiry warning, as full events; and the state to store. */
function decide(config: Readonly<Config>, subject: AlertSubject, policy: AlertPolicy, stored: StoredAlertState, recorded: RecordedResult) {
  const at = new Date(recorded.check.at);
  const decision = evaluateAlertPolicy({ policy, state: stored.policy, status: recorded.observation.status, inMaintenance: recorded.inMaintenance, now: at });
  const context = (type: string): AlertEventContext => ({
    id: `ih-${recorded.check.resultId}-${type}`,
    integration: { slug: subject.slug, name: subject.name, kind: subject.kind, tags: subject.tags },
    reason: recorded.check.message,
    at,
    detailUrl: `${publicBaseUrl(config)}/integrations/${encodeURIComponent(subject.slug)}`,
  });
  const events: AlertEvent[] = decision.events.map((intent) => toAlertEvent(intent, context(intent.type)));

  let lastWarnedDays = stored.lastWarnedDays;
  const days = recorded.observation.details?.daysRemaining;
  // Silenced in maintenance without moving the threshold, so the warning comes after the window.
  if (typeof days === 'number' && Number.isFinite(days) && !recorded.inMaintenance) {
    const tls = tlsExpiryEvent(Math.floor(days), undefined, stored.lastWarnedDays);
    if (tls.warn) events.push(tlsExpiryAlertEvent(Math.floor(days), recorded.observation.status, context('tls_expiry')));
    lastWarnedDays = tls.lastWarnedDays;
  }
  return { events, state: { ...stored, policy: decision.state, lastWarnedDays } satisfies StoredAlertState };
}

/**
 * Rows and jobs for every matching channel; returns the channels that skipped the current
 * incident. Per-channel cooldown applies to alerts that open an
 * incident from "all well" (an escalation degraded → down always goes out); a channel that skipped
 * the opening also skips that incident's reminders and recovery.
 */
async function fanOut(
  app: Pick<AppContext, 'config' | 'boss'>,
  client: pg.PoolClient,
  subject: AlertSubject,
  recorded: RecordedResult,
  events: AlertEvent[],
  policy: AlertPolicy,
  previous: StoredAlertState,
): Promise<number[]> {
  const channels = await channelsForTags(client, subject.tags);
  let skipped = previous.skippedChannelIds;
  if (channels.length === 0) return skipped;
  const at = new Date(recorded.check.at);
  const opensFromCalm = previous.policy.alerted === 'none';
  const lastOpenings = events.some((event) => eventRespectsCooldown(event.type)) && opensFromCalm ? await lastOpeningPerChannel(client, subject.id, channels.map((c) => c.id)) : new Map<number, Date>();
  const statusChangeId = recorded.statusChange?.id ?? (await latestStatusChangeId(client, subject.id));

  const deliveryIds: number[] = [];
  for (const event of events) {
    let targets = channels.map((channel) => channel.id);
    if (eventRespectsCooldown(event.type)) {
      const allowed = opensFromCalm ? targets.filter((id) => channelCooldownAllows(lastOpenings.get(id), at, policy.cooldownMinutes)) : targets;
      skipped = targets.filter((id) => !allowed.includes(id));
      targets = allowed;
    } else if (event.type === 'reminder' || event.type === 'recovered') {
      targets = targets.filter((id) => !skipped.includes(id));
      if (event.type === 'recovered') skipped = [];
    }
    const ids = await insertDeliveries(client, {
      eventKey: event.id,
      eventType: event.type,
      statusChangeId,
      integrationId: subject.id,
      payload: storeAlertEvent(event),
      createdAt: at,
      channelIds: targets,
    });
    deliveryIds.push(...ids);
  }
  await enqueueAlertDeliveries(client, app.boss, app.config, deliveryIds);
  return skipped;
}
