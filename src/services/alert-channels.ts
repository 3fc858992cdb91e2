/**
 * Alert channels: create, change, delete, and "send test". The channel kind's own schema
 * validates `config` (issues are named `config.<field>`); its secret fields (webhook secret and
 * headers, the Slack webhook URL) are stored encrypted and are write-only: omitted on a change
 * they keep their stored value.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { publicBaseUrl, smtpSettings } from '../alerts/app-settings.ts';
import { testAlertEvent } from '../alerts/events.ts';
import { DeliveryError } from '../alerts/errors.ts';
import { ALERT_CHANNEL_NAMES, type AlertChannelKind } from '../alerts/types.ts';
import { getChannelKind, isAlertChannelName, sendAlert } from '../alerts/registry.ts';
import { storeAlertEvent } from '../alerts/stored-event.ts';
import { generateWebhookSecret } from '../alerts/webhook.ts';
import { tagSchema } from '../domain/integration-input.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { insertFinishedDelivery, setChannelError } from '../store/alert-deliveries.ts';
import type { AlertChannel } from '../store/types.ts';
import { joinSecrets, joinSecretsForChange, splitSecrets } from './integration-secrets.ts';

const name = z.string().trim().min(1, 'must not be empty').max(120).describe('Shown in lists, e.g. "On-call email".');
const tags = z.array(tagSchema).max(20).describe('Empty: alerts for every integration; else only integrations with any of these tags.');
const config = z.record(z.string(), z.unknown()).describe("The kind's settings; secret fields are write-only.");

export const createChannelSchema = z
  .object({
    name,
    kind: z.string().min(1).describe(`One of ${ALERT_CHANNEL_NAMES.join(', ')}.`),
    config: config.default({}),
    enabled: z.boolean().default(true),
    tags: tags.default([]),
  })
  .strict();

export const updateChannelSchema = z
  .object({ name, enabled: z.boolean(), tags, config: config.describe('Fields to change; omitted secret fields keep their value, null removes an optional field.') })
  .partial()
  .strict();

/** A test send waits for the peer while a person watches: shorter than a job's attempt. */
const testTimeoutMs = 15_000;

export interface CreatedChannel {
  channel: AlertChannel;
  /** Only when the webhook secret was generated for the caller: shown once. */
  generatedSecret?: string;
}

export async function createChannel(app: AppContext, body: unknown): Promise<CreatedChannel> {
  const parsed = createChannelSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  const kind = requireChannelKind(input.kind);
  const generatedSecret = kind.name === 'webhook' && input.config.secret === undefined ? generateWebhookSecret() : undefined;
  const full = validateChannelConfig(kind, generatedSecret ? { ...input.config, secret: generatedSecret } : input.config);
  const { config: plain, secrets } = splitSecrets(kind, full);
  const channel = await app.db.prisma.alertChannel.create({
    data: { name: input.name, kind: kind.name, config: plain as object, secrets: app.secrets.encryptJson(secrets), enabled: input.enabled, tags: [...new Set(input.tags)] },
  });
  return { channel, ...(generatedSecret ? { generatedSecret } : {}) };
}

export async function updateChannel(app: AppContext, idParam: string, body: unknown): Promise<AlertChannel> {
  const parsed = updateChannelSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const patch = parsed.data;
  const existing = await findChannelOrThrow(app, idParam);
  assertMayChange(existing);
  const data: { name?: string; enabled?: boolean; tags?: string[]; config?: object; secrets?: string | null } = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.enabled !== undefined) data.enabled = patch.enabled;
  if (patch.tags !== undefined) data.tags = [...new Set(patch.tags)];
  if (patch.config !== undefined) {
    const kind = requireChannelKind(existing.kind);
    const merged: Record<string, unknown> = joinSecretsForChange(app.secrets, existing);
    for (const [key, value] of Object.entries(patch.config)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const { config: plain, secrets } = splitSecrets(kind, validateChannelConfig(kind, merged));
    data.config = plain;
    data.secrets = app.secrets.encryptJson(secrets);
  }
  return app.db.prisma.alertChannel.update({ where: { id: existing.id }, data });
}

/** Deleting a channel deletes its delivery history (the rows reference it). */
export async function deleteChannel(app: AppContext, idParam: string): Promise<void> {
  const existing = await findChannelOrThrow(app, idParam);
  assertMayChange(existing);
  await app.db.prisma.alertChannel.delete({ where: { id: existing.id } });
}

export async function findChannelOrThrow(app: Pick<AppContext, 'db'>, idParam: string): Promise<AlertChannel> {
  const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : NaN;
  const channel = Number.isSafeInteger(id) ? await app.db.prisma.alertChannel.findUnique({ where: { id } }) : null;
  if (!channel) throw new AppError('not_found', `No alert channel with id "${idParam.slice(0, 40)}"`);
  return channel;
}

export interface TestOutcome {
  ok: boolean;
  /** The peer's answer on success, e.g. "accepted by smtp.example.com for 1 recipient". */
  detail?: string;
  /** Why it failed (never contains secrets), and whether retrying could help. */
  error?: string;
  permanent?: boolean;
  durationMs: number;
  deliveryId: number;
}

/**
 * Sends a clearly-labelled test alert now and waits for the outcome, which is recorded as a
 * delivery (type `test`) and becomes the channel's last error (or clears it).
 */
export async function sendTestAlert(app: AppContext, idParam: string, options: { origin?: string; signal?: AbortSignal } = {}): Promise<TestOutcome> {
  const channel = await findChannelOrThrow(app, idParam);
  const at = app.clock();
  const event = testAlertEvent({ id: `ih-test-${randomUUID()}`, at, detailUrl: `${publicBaseUrl(app.config, options.origin)}/alerts` });
  const started = performance.now();
  let detail: string | undefined;
  let failure: DeliveryError | undefined;
  try {
    const full = decryptedConfig(app, channel);
    const result = await sendAlert(channel.kind, full, event, {
      signal: options.signal ?? new AbortController().signal,
      timeoutMs: testTimeoutMs,
      smtp: smtpSettings(app.config),
      now: app.clock,
    });
    detail = result.detail;
  } catch (error) {
    failure = error instanceof DeliveryError ? error : new DeliveryError('the test could not be sent', { permanent: false });
  }
  const durationMs = Math.round(performance.now() - started);
  const deliveryId = await insertFinishedDelivery(app.db.pool, {
    eventKey: event.id,
    eventType: 'test',
    channelId: channel.id,
    payload: storeAlertEvent(event),
    outcome: failure ? { state: 'failed', error: failure.message, durationMs, sentAt: null } : { state: 'sent', error: null, durationMs, sentAt: app.clock() },
    createdAt: at,
  });
  await setChannelError(app.db.pool, channel.id, failure?.message ?? null, app.clock());
  return failure
    ? { ok: false, error: failure.message, permanent: failure.permanent, durationMs, deliveryId }
    : { ok: true, ...(detail ? { detail } : {}), durationMs, deliveryId };
}

function decryptedConfig(app: Pick<AppContext, 'secrets'>, channel: AlertChannel): Record<string, unknown> {
  try {
    return joinSecrets(app.secrets, channel);
  } catch {
    throw new DeliveryError('the channel secrets cannot be decrypted with the current SECRET_KEY', { permanent: true });
  }
}

export function requireChannelKind(kindName: string): AlertChannelKind {
  if (!isAlertChannelName(kindName)) {
    const allowed = `must be one of ${ALERT_CHANNEL_NAMES.join(', ')}`;
    throw new AppError('unknown_kind', `Unknown alert channel kind "${kindName.slice(0, 40)}"; ${allowed}`, { issues: [{ path: ['kind'], message: allowed }] });
  }
  return getChannelKind(kindName);
}

function validateChannelConfig(kind: AlertChannelKind, value: unknown): Record<string, unknown> {
  const parsed = kind.configSchema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, ['config']);
  return parsed.data as Record<string, unknown>;
}

function assertMayChange(channel: AlertChannel): void {
  if (channel.managedBy) throw new AppError('read_only', `Alert channel "${channel.name}" is managed by ${channel.managedBy}; change it there`);
}
