/**
 * The `alerts` queue handler: one job = one attempt at one delivery row.
 *
 * Each attempt is written down before sending (sending, attempts + 1) and its outcome after
 * (sent / failed / pending-for-retry, last error, duration). A row already `sent` or `failed` is
 * never sent again, so a job that pg-boss retries after a lost completion is a no-op. The one
 * window that cannot be closed — the process dies after the peer accepted but before the outcome
 * was stored — resends with the same event id (webhook-id, Message-ID), which receivers can use
 * to drop the duplicate.
 *
 * Retryable failures throw, so pg-boss retries with its backoff (alert-queue.ts); permanent ones
 * (bad address, 4xx, invalid config) stop at once.
 */
import type { Job } from 'pg-boss';
import type { AppContext } from '../context.ts';
import { DeliveryError } from '../alerts/errors.ts';
import { sendAlert } from '../alerts/registry.ts';
import { readStoredAlertEvent } from '../alerts/stored-event.ts';
import { smtpSettings } from '../alerts/app-settings.ts';
import type { AlertEvent } from '../alerts/types.ts';
import { claimDelivery, recordAttempt, setChannelError, type AttemptOutcome, type ClaimedDelivery } from '../store/alert-deliveries.ts';
import { withTransaction } from '../store/sql.ts';
import { alertRetryLimit, type AlertJobData } from './alert-queue.ts';
import { queueNames } from './queues.ts';

/** Budget of one attempt (connect + send + answer); well under the queue's 120 s expiry. */
export const alertSendTimeoutMs = 30_000;

export async function startAlertWorkers(app: AppContext, shutdownSignal: AbortSignal): Promise<void> {
  // batchSize 1: a failed job is retried on its own, never together with its batch neighbours.
  // NOTIFY wakes us for new alerts, but a retry falling due wakes nobody: the notify-mode poll
  // (30 s by default) bounds how late a retry runs, so it is kept short like the base poll.
  // With batchSize 1 a full batch is no sign of a backlog, so pg-boss would fetch one job per poll
  // (4 alerts per 2 s after a wide outage): burst on the queue's ready count instead.
  const polling = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2, burstWhenReadyExceeds: 1 };
  await app.boss.work<AlertJobData>(queueNames.alerts, { localConcurrency: 4, batchSize: 1, ...polling }, async (jobs) => {
    for (const job of jobs) await handleAlertJob(app, job, shutdownSignal);
  });
}

export async function handleAlertJob(app: AppContext, job: Job<AlertJobData>, shutdownSignal?: AbortSignal): Promise<void> {
  const delivery = await claimDelivery(app.db.pool, job.data.deliveryId);
  if (!delivery) return;
  const log = app.log.child({ deliveryId: delivery.id, channelId: delivery.channel_id, attempt: delivery.attempts });
  const started = performance.now();
  try {
    const { event, config } = prepare(app, delivery);
    const signal = shutdownSignal ? AbortSignal.any([shutdownSignal, job.signal]) : job.signal;
    await sendAlert(delivery.channel_kind, config, event, { signal, timeoutMs: alertSendTimeoutMs, smtp: smtpSettings(app.config), now: app.clock });
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(`delivery failed: ${(error as Error).message}`, { permanent: false });
    const final = failure.permanent || job.retryCount >= alertRetryLimit;
    const durationMs = performance.now() - started;
    await recordOutcome(app, delivery, { state: final ? 'failed' : 'pending', error: failure.message, durationMs, sentAt: null }, delivery.channel_enabled ? failure.message : undefined);
    if (!final) {
      log.warn({ err: failure.message }, 'alert delivery failed; pg-boss retries it with backoff');
      throw failure;
    }
    log.warn({ err: failure.message, permanent: failure.permanent }, 'alert delivery failed for good');
    await publishOutcome(app, delivery, 'failed');
    return;
  }
  await recordOutcome(app, delivery, { state: 'sent', error: null, durationMs: performance.now() - started, sentAt: app.clock() }, null);
  log.info({ eventType: delivery.event_type }, 'alert sent');
  await publishOutcome(app, delivery, 'sent');
}

/**
 * The attempt's outcome and the channel's last error (a message, null to clear, undefined to
 * leave) change together, so nobody sees a failed delivery on a channel without an error.
 */
async function recordOutcome(app: Pick<AppContext, 'db' | 'clock'>, delivery: ClaimedDelivery, outcome: AttemptOutcome, channelError: string | null | undefined): Promise<void> {
  await withTransaction(app.db.pool, async (client) => {
    await recordAttempt(client, delivery.id, outcome);
    if (channelError !== undefined) await setChannelError(client, delivery.channel_id, channelError, app.clock());
  });
}

/** The stored event and the channel's full config; anything wrong here cannot heal by retrying. */
function prepare(app: Pick<AppContext, 'secrets'>, delivery: ClaimedDelivery): { event: AlertEvent; config: Record<string, unknown> } {
  if (!delivery.channel_enabled) throw new DeliveryError('the channel was disabled before this alert could be sent', { permanent: true });
  let event: AlertEvent;
  try {
    event = readStoredAlertEvent(delivery.payload);
  } catch {
    throw new DeliveryError('the stored alert is unreadable', { permanent: true });
  }
  let secrets: Record<string, unknown>;
  try {
    secrets = app.secrets.decryptJson(delivery.channel_secrets);
  } catch {
    // Never the decryption error itself: it may quote key ids, and the fix is the same either way.
    throw new DeliveryError('the channel secrets cannot be decrypted with the current SECRET_KEY (set SECRET_KEY_PREVIOUS after a key change)', { permanent: true });
  }
  return { event, config: { ...delivery.channel_config, ...secrets } };
}

async function publishOutcome(app: Pick<AppContext, 'publisher'>, delivery: ClaimedDelivery, state: 'sent' | 'failed'): Promise<void> {
  await app.publisher.publish({
    type: 'alert.sent',
    deliveryId: delivery.id,
    channelId: delivery.channel_id,
    integrationId: delivery.integration_id,
    eventType: delivery.event_type,
    state,
  });
}
