/**
 * An `AlertEvent` as stored in a delivery row's `payload` (JSON: dates as ISO strings) and read
 * back by the delivery job. The event is frozen when the alert is decided, so every retry sends
 * the same message with the same id, whatever happened to the integration since.
 */
import { z } from 'zod';
import { ALERT_EVENT_TYPES, type AlertEvent } from './types.ts';

const statusEnum = z.enum(['up', 'degraded', 'down', 'maintenance', 'paused', 'unknown']);

const storedEventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(ALERT_EVENT_TYPES),
  integration: z.object({ slug: z.string(), name: z.string(), kind: z.string(), tags: z.array(z.string()) }),
  status: statusEnum,
  previousStatus: statusEnum.optional(),
  reason: z.string(),
  at: z.coerce.date(),
  detailUrl: z.string(),
  downSince: z.coerce.date().optional(),
  certificateDaysRemaining: z.number().optional(),
});

/** JSON for the payload column (Dates become ISO strings, undefined fields disappear). */
export function storeAlertEvent(event: AlertEvent): Record<string, unknown> {
  return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
}

/** The event back from a payload; throws when the payload is not one (a permanent failure). */
export function readStoredAlertEvent(payload: unknown): AlertEvent {
  const event = storedEventSchema.parse(payload);
  return {
    id: event.id,
    type: event.type,
    integration: event.integration,
    status: event.status,
    reason: event.reason,
    at: event.at,
    detailUrl: event.detailUrl,
    ...(event.previousStatus ? { previousStatus: event.previousStatus } : {}),
    ...(event.downSince ? { downSince: event.downSince } : {}),
    ...(event.certificateDaysRemaining === undefined ? {} : { certificateDaysRemaining: event.certificateDaysRemaining }),
  };
}
