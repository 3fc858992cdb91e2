/**
 * The contract every alert channel implements, and the event it delivers.
 *
 * A channel turns one `AlertEvent` into one message on its transport and either resolves or
 * throws a `DeliveryError` saying whether a retry can help. It never decides *whether* to alert
 * (that is `policy.ts`) and never retries by itself (the delivery job does, with backoff), so
 * every channel behaves the same under failure.
 */
import type { z } from 'zod';

export type IntegrationStatus = 'up' | 'degraded' | 'down' | 'maintenance' | 'paused' | 'unknown';

export const ALERT_EVENT_TYPES = ['down', 'recovered', 'degraded', 'reminder', 'tls_expiry', 'test'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

export interface AlertIntegrationRef {
  slug: string;
  name: string;
  kind: string;
  tags: string[];
}

export interface AlertEvent {
  /**
   * Unique per event and stable across retries: it is the webhook `webhook-id`, the email
   * Message-ID and the receiver's idempotency key, so a retried delivery is recognisably the
   * same message.
   */
  id: string;
  type: AlertEventType;
  integration: AlertIntegrationRef;
  status: IntegrationStatus;
  previousStatus?: IntegrationStatus;
  /** The check's message, e.g. "HTTP 503 (expected 200-299)". Untrusted text: escape it. */
  reason: string;
  /** When the event happened (the check result that caused it). */
  at: Date;
  /** Absolute URL of the integration's page in this app. */
  detailUrl: string;
  /** Start of the outage, for `down`, `reminder` and `recovered` (to say how long it lasted). */
  downSince?: Date;
  /** For `tls_expiry`: whole days until the certificate expires. */
  certificateDaysRemaining?: number;
}

/** SMTP connection settings, from the `SMTP_*` environment variables (never per channel). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465). false: plain, upgraded with STARTTLS if offered. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** Sender address, e.g. "Integration Health <alerts@example.com>". */
  from: string;
}

/** What the delivery job hands to a channel besides the event and the channel's config. */
export interface AlertSendContext {
  /** Aborted when the process shuts down; channels also enforce `timeoutMs` themselves. */
  signal: AbortSignal;
  /** Budget for the whole attempt in milliseconds. */
  timeoutMs: number;
  /** Undefined when SMTP is not configured; the email channel then fails permanently. */
  smtp: SmtpSettings | undefined;
  /** Injected clock (webhook timestamps). */
  now: () => Date;
}

export interface DeliveryResult {
  /** One line for the delivery row, e.g. the SMTP server's answer. Never secrets. */
  detail?: string;
}

export const ALERT_CHANNEL_NAMES = ['email', 'webhook', 'slack'] as const;
export type AlertChannelName = (typeof ALERT_CHANNEL_NAMES)[number];

export interface AlertChannelKind<Schema extends z.ZodType = z.ZodType, Name extends AlertChannelName = AlertChannelName> {
  name: Name;
  /** One line shown in forms and docs. */
  description: string;
  /** Validates the channel's config; field `.describe()` texts feed the admin form. */
  configSchema: Schema;
  /** Config keys holding secrets: stored encrypted, masked when shown, never logged. */
  secretFields: readonly string[];
  /** Sends one event. Throws `DeliveryError` (permanent or retryable) when it cannot. */
  send(event: AlertEvent, config: z.output<Schema>, ctx: AlertSendContext): Promise<DeliveryResult>;
}

/** Keeps each channel's `send` typed by its own schema. */
export function defineAlertChannel<Schema extends z.ZodType, const Name extends AlertChannelName>(
  channel: AlertChannelKind<Schema, Name>,
): AlertChannelKind<Schema, Name> {
  return channel;
}
