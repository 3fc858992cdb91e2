/**
 * The JSON stream of `/api/v1/events` (documented in the README): a compact snapshot on connect,
 * then one small message per stored result and per status change. Never history, never config.
 */
import type { Status } from '../domain/status.ts';
import type { AppEvent } from './events.ts';
import type { TileRow } from '../store/dashboard.ts';

export interface SnapshotItem {
  slug: string;
  status: Status;
  since: string;
  lastCheckedAt: string | null;
  latencyMs: number | null;
}

export interface SnapshotMessage {
  type: 'snapshot';
  integrations: SnapshotItem[];
}

export interface CheckMessage {
  type: 'check';
  slug: string;
  status: Status;
  since: string;
  at: string;
  latencyMs: number | null;
  message: string;
  trigger: string;
}

export interface StatusMessage {
  type: 'status';
  slug: string;
  from: Status;
  to: Status;
  at: string;
}

/** An integration was created, edited or deleted: clients that list integrations re-read it. */
export interface IntegrationMessage {
  type: 'integration';
  slug: string;
  action: 'created' | 'updated' | 'deleted';
}

export type JsonMessage = SnapshotMessage | CheckMessage | StatusMessage | IntegrationMessage;

export function snapshotOf(rows: Iterable<TileRow>): SnapshotMessage {
  const integrations: SnapshotItem[] = [];
  for (const row of rows) {
    integrations.push({
      slug: row.slug,
      status: row.status,
      since: row.statusSince.toISOString(),
      lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
      latencyMs: row.lastLatencyMs,
    });
  }
  integrations.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { type: 'snapshot', integrations };
}

/** The JSON message for a bus event, or undefined when API clients do not get that event. */
export function jsonMessageOf(event: AppEvent): JsonMessage | undefined {
  switch (event.type) {
    case 'check.completed':
      return {
        type: 'check',
        slug: event.slug,
        status: event.status,
        since: event.statusSince,
        at: event.at,
        latencyMs: event.latencyMs,
        message: event.message,
        trigger: event.trigger,
      };
    case 'status.changed':
      return { type: 'status', slug: event.slug, from: event.from, to: event.to, at: event.at };
    case 'integration.changed':
      return { type: 'integration', slug: event.slug, action: event.action };
    default:
      return undefined;
  }
}
