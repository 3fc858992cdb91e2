/**
 * Every alert channel, listed once. The map is checked against `AlertChannelName`, so adding a
 * name without a channel (or the reverse) fails to compile. Forms, the API and the delivery job
 * all read this list.
 */
import type { z } from 'zod';
import { emailChannel } from './email.ts';
import { DeliveryError, redactSecrets } from './errors.ts';
import { slackChannel } from './slack.ts';
import type { AlertChannelKind, AlertChannelName, AlertEvent, AlertSendContext, DeliveryResult } from './types.ts';
import { webhookChannel } from './webhook.ts';

const channels = {
  email: emailChannel,
  webhook: webhookChannel,
  slack: slackChannel,
} satisfies { [Name in AlertChannelName]: AlertChannelKind<z.ZodType, Name> };

export function listChannelKinds(): AlertChannelKind[] {
  return Object.values(channels);
}

export function isAlertChannelName(name: string): name is AlertChannelName {
  return Object.hasOwn(channels, name);
}

export function getChannelKind(name: AlertChannelName): AlertChannelKind {
  return channels[name];
}

/**
 * What the delivery job calls: validates the stored config against the channel's schema, sends,
 * and guarantees the outcome is a `DeliveryResult` or a `DeliveryError` whose message holds no
 * secret from the config. An unknown channel or an invalid config is permanent (retrying the
 * same config cannot help); an unexpected exception is retryable.
 */
export async function sendAlert(
  channelName: string,
  rawConfig: unknown,
  event: AlertEvent,
  ctx: AlertSendContext,
): Promise<DeliveryResult> {
  if (!isAlertChannelName(channelName)) {
    throw new DeliveryError(`unknown alert channel kind "${channelName.slice(0, 40)}"`, { permanent: true });
  }
  const channel = channels[channelName] as AlertChannelKind;
  const parsed = channel.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    // Paths and zod's messages only: they never echo the offending value.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    throw new DeliveryError(`${channelName} channel config is invalid: ${issues}`, { permanent: true });
  }
  const secrets = secretValues(parsed.data, channel.secretFields, ctx);
  try {
    const result = await channel.send(event, parsed.data, ctx);
    return result.detail === undefined ? {} : { detail: redactSecrets(result.detail, secrets) };
  } catch (error) {
    if (error instanceof DeliveryError) {
      if (!secrets.some((secret) => secret.length >= 4 && error.message.includes(secret))) throw error;
      throw new DeliveryError(redactSecrets(error.message, secrets), {
        permanent: error.permanent,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`unexpected error in the ${channelName} channel: ${redactSecrets(message, secrets)}`, {
      permanent: false,
    });
  }
}

/**
 * A copy of a config with secret fields replaced by a marker, for the API and the admin pages
 * ("secrets are never returned"). Non-object input is returned as an empty object.
 */
export function maskChannelConfig(channelName: AlertChannelName, config: unknown): Record<string, unknown> {
  if (typeof config !== 'object' || config === null) return {};
  const masked: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const field of channels[channelName].secretFields) {
    if (masked[field] !== undefined) masked[field] = SECRET_MASK;
  }
  return masked;
}
export const SECRET_MASK = '••••••••';

/** The secret strings of one config (and the SMTP password), for the last-line redaction. */
function secretValues(config: unknown, fields: readonly string[], ctx: AlertSendContext): string[] {
  const values: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') values.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const record = (config ?? {}) as Record<string, unknown>;
  for (const field of fields) collect(record[field]);
  if (ctx.smtp?.pass) values.push(ctx.smtp.pass);
  return values;
}
