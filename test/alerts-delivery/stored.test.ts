/** What the delivery pipeline stores next to the policy: alert state and frozen events (pure). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialAlertState } from '../../src/alerts/policy.ts';
import { readStoredAlertEvent, storeAlertEvent } from '../../src/alerts/stored-event.ts';
import { alertStateJson, readAlertState } from '../../src/alerts/stored-state.ts';
import type { AlertEvent } from '../../src/alerts/types.ts';

test('an alert event survives the JSON round trip of a delivery row, dates included', () => {
  const event: AlertEvent = {
    id: 'ih-42-down',
    type: 'down',
    integration: { slug: 'billing-api', name: 'Billing API', kind: 'http', tags: ['billing'] },
    status: 'down',
    previousStatus: 'up',
    reason: 'HTTP 503',
    at: new Date('2025-07-14T10:32:05.000Z'),
    detailUrl: 'https://health.example.test/integrations/billing-api',
    downSince: new Date('2025-07-14T10:27:01.000Z'),
  };
  const stored = JSON.parse(JSON.stringify(storeAlertEvent(event)));
  assert.deepEqual(readStoredAlertEvent(stored), event);
});

test('a payload that is not an alert event is refused', () => {
  assert.throws(() => readStoredAlertEvent({ id: 'x', type: 'explode' }));
});

test('alert state keeps the policy state and the delivery bookkeeping in one flat object', () => {
  const state = { policy: { ...initialAlertState(), downRun: 3, alerted: 'down' as const }, lastWarnedDays: 7, skippedChannelIds: [4] };
  const read = readAlertState(JSON.parse(JSON.stringify(alertStateJson(state))));
  assert.equal(read.reset, false);
  assert.deepEqual(read.state, state);
});

test('no stored state starts fresh quietly; a corrupt one starts fresh and says so', () => {
  assert.deepEqual(readAlertState(null), { state: { policy: initialAlertState(), lastWarnedDays: null, skippedChannelIds: [] }, reset: false });
  const corrupt = readAlertState({ v: 99, downRun: 'many' });
  assert.equal(corrupt.reset, true);
  assert.deepEqual(corrupt.state.policy, initialAlertState());
});
