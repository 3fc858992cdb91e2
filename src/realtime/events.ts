/**
 * The typed events every instance hears. They travel as PostgreSQL NOTIFY payloads on one
 * channel (well under the 8,000-byte limit: no messages longer than 300 characters, no details),
 * so a change stored by any instance reaches the WebSocket clients and caches of all of them.
 */
import type { Status } from '../domain/status.ts';
import type { CheckTrigger } from '../store/types.ts';

export const notifyChannel = 'integration_health_events';

export interface CheckCompletedEvent {
  type: 'check.completed';
  integrationId: number;
  slug: string;
  resultId: number;
  status: Status;
  previousStatus: Status;
  statusSince: string;
  at: string;
  latencyMs: number | null;
  message: string;
  trigger: CheckTrigger;
  jobId: string | null;
}

export interface StatusChangedEvent {
  type: 'status.changed';
  integrationId: number;
  slug: string;
  from: Status;
  to: Status;
  at: string;
  cause: string;
}

/** Configuration changed (created, edited, paused, deleted): caches and pages re-read the row. */
export interface IntegrationChangedEvent {
  type: 'integration.changed';
  integrationId: number;
  slug: string;
  action: 'created' | 'updated' | 'deleted';
}

export interface AlertSentEvent {
  type: 'alert.sent';
  deliveryId: number;
  channelId: number;
  integrationId: number | null;
  eventType: string;
  state: 'sent' | 'failed';
}

export type AppEvent = CheckCompletedEvent | StatusChangedEvent | IntegrationChangedEvent | AlertSentEvent;

export type AppEventType = AppEvent['type'];

export const maxMessageLength = 300;

export function truncateMessage(message: string): string {
  // PostgreSQL text cannot hold NUL, and a peer's bytes can contain it: drop it rather than fail.
  const clean = message.includes('\u0000') ? message.replaceAll('\u0000', '') : message;
  return clean.length > maxMessageLength ? `${clean.slice(0, maxMessageLength - 1)}…` : clean;
}
