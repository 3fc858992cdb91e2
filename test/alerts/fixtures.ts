/** Shared test data for the alert tests: one realistic event and a send context. */
import type { AlertEvent, AlertSendContext } from '../../src/alerts/types.ts';

export function sampleEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 'evt_01J2ZQ8N4K7Y3W5X6V9T0R1S2U',
    type: 'down',
    integration: { slug: 'billing-api', name: 'Billing API', kind: 'http', tags: ['billing', 'payments'] },
    status: 'down',
    previousStatus: 'up',
    reason: 'HTTP 503 (expected 200-299)',
    at: new Date('2025-07-14T10:32:05.000Z'),
    detailUrl: 'https://health.example.com/integrations/billing-api',
    downSince: new Date('2025-07-14T10:27:01.000Z'),
    ...overrides,
  };
}

export const HOSTILE_NAME = '<script>alert(1)</script>';

export function sendContext(overrides: Partial<AlertSendContext> = {}): AlertSendContext {
  return {
    signal: new AbortController().signal,
    timeoutMs: 5000,
    smtp: undefined,
    now: () => new Date(),
    ...overrides,
  };
}
