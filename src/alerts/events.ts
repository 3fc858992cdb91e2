/**
 * Turns the policy's intents (and TLS and test alerts) into full `AlertEvent`s. The caller gives
 * the id: it must be created once, stored with the delivery rows, and reused for every retry,
 * because channels use it as the idempotency key (webhook-id, Message-ID).
 */
import type { AlertIntent } from './policy.ts';
import type { AlertEvent, AlertIntegrationRef, IntegrationStatus } from './types.ts';

export interface AlertEventContext {
  id: string;
  integration: AlertIntegrationRef;
  /** The check result's message. */
  reason: string;
  at: Date;
  detailUrl: string;
}

export function toAlertEvent(intent: AlertIntent, context: AlertEventContext): AlertEvent {
  return {
    ...context,
    type: intent.type,
    status: intent.status,
    previousStatus: intent.previousStatus,
    ...(intent.downSince ? { downSince: intent.downSince } : {}),
  };
}

export function tlsExpiryAlertEvent(
  daysRemaining: number,
  status: IntegrationStatus,
  context: AlertEventContext,
): AlertEvent {
  return { ...context, type: 'tls_expiry', status, certificateDaysRemaining: daysRemaining };
}

/** The "send test" button's event: clearly a test, with a made-up integration. */
export function testAlertEvent(context: { id: string; at: Date; detailUrl: string }): AlertEvent {
  return {
    ...context,
    type: 'test',
    integration: { slug: 'test-alert', name: 'Integration Health', kind: 'test', tags: [] },
    status: 'up',
    reason: 'This is a test alert. If you can read it, this channel works.',
  };
}
