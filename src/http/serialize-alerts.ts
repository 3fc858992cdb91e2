/** JSON shapes of alert channels, deliveries and maintenance windows. Secrets never leave: only "set". */
import { getChannelKind, isAlertChannelName } from '../alerts/registry.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { describeSecrets } from '../services/integration-secrets.ts';
import type { DeliveryRow } from '../store/alert-deliveries.ts';
import { activeAmong } from '../store/maintenance-windows.ts';
import type { AlertChannel, MaintenanceWindow } from '../store/types.ts';

export function channelView(channel: AlertChannel, box: SecretBox) {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    enabled: channel.enabled,
    tags: channel.tags,
    config: channel.config,
    secrets: secretMarkers(channel, box),
    lastError: channel.lastError,
    lastErrorAt: channel.lastErrorAt?.toISOString() ?? null,
    managedBy: channel.managedBy,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}

/** Which secret fields are stored ("set"); a value sealed with an unknown key shows as unreadable. */
function secretMarkers(channel: AlertChannel, box: SecretBox): Record<string, 'set' | 'unreadable'> {
  if (!isAlertChannelName(channel.kind) || !channel.secrets) return {};
  const kind = getChannelKind(channel.kind);
  try {
    return describeSecrets(kind, box, channel.secrets);
  } catch {
    return Object.fromEntries(kind.secretFields.map((field) => [field, 'unreadable' as const]));
  }
}

export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.event_key,
    type: row.event_type,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    durationMs: row.duration_ms,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    channel: { id: row.channel_id, name: row.channel_name, kind: row.channel_kind },
    integration: row.integration_slug ? { slug: row.integration_slug, name: row.integration_name } : null,
    status: row.status,
    reason: row.reason,
  };
}

export function windowView(row: MaintenanceWindow, integrationSlug: string | null, now: Date) {
  const active = activeAmong(
    [
      {
        id: row.id,
        name: row.name,
        integration_id: row.integrationId,
        tags: row.tags,
        starts_at: row.startsAt,
        ends_at: row.endsAt,
        days_of_week: row.daysOfWeek,
        start_time: row.startTime,
        duration_minutes: row.durationMinutes,
        timezone: row.timezone,
      },
    ],
    now,
  );
  const schedule =
    row.startsAt && row.endsAt
      ? { kind: 'once' as const, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() }
      : { kind: 'weekly' as const, daysOfWeek: row.daysOfWeek, startTime: row.startTime, durationMinutes: row.durationMinutes, timeZone: row.timezone };
  return {
    id: row.id,
    name: row.name,
    integration: integrationSlug,
    tags: row.tags,
    ...schedule,
    activeNow: active !== null,
    ...(active ? { activeUntil: active.endsAt.toISOString() } : {}),
    managedBy: row.managedBy,
    createdAt: row.createdAt.toISOString(),
  };
}
