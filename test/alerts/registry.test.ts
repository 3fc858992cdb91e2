import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import { emailChannel } from '../../src/alerts/email.ts';
import { DeliveryError } from '../../src/alerts/errors.ts';
import { testAlertEvent, toAlertEvent } from '../../src/alerts/events.ts';
import { SECRET_MASK, listChannelKinds, maskChannelConfig, sendAlert } from '../../src/alerts/registry.ts';
import { ALERT_CHANNEL_NAMES, type AlertChannelKind, type AlertChannelName } from '../../src/alerts/types.ts';
import { generateWebhookSecret, webhookChannel } from '../../src/alerts/webhook.ts';
import { sampleEvent, sendContext } from './fixtures.ts';

// A registry missing a channel does not type-check (checked by `tsc`, not at run time).
// @ts-expect-error: property 'slack' is missing
const incomplete: { [N in AlertChannelName]: AlertChannelKind<z.ZodType, N> } = { email: emailChannel, webhook: webhookChannel };
void incomplete;

describe('alert channel registry', () => {
  test('every channel name has exactly one channel, listed once', () => {
    assert.deepEqual(
      listChannelKinds().map((kind) => kind.name).sort(),
      [...ALERT_CHANNEL_NAMES].sort(),
    );
  });

  test('every config field has a description for the admin form', () => {
    for (const kind of listChannelKinds()) {
      const shape = (kind.configSchema as unknown as z.ZodObject).shape;
      for (const [field, schema] of Object.entries(shape)) {
        assert.ok(schema.description, `${kind.name}.${field} has no description`);
      }
    }
  });

  test('secret fields are masked for display and others are left alone', () => {
    const secret = generateWebhookSecret();
    assert.deepEqual(maskChannelConfig('webhook', { url: 'https://example.com/h', secret, headers: { authorization: 'Bearer x' } }), {
      url: 'https://example.com/h',
      secret: SECRET_MASK,
      headers: SECRET_MASK,
    });
    assert.deepEqual(maskChannelConfig('slack', { url: 'https://hooks.slack.com/services/T/B/token' }), { url: SECRET_MASK });
    assert.deepEqual(maskChannelConfig('email', { to: ['a@example.com'] }), { to: ['a@example.com'] });
  });

  test('an unknown channel kind is a permanent delivery error', async () => {
    await assert.rejects(sendAlert('pager', {}, sampleEvent(), sendContext()), { name: 'DeliveryError', permanent: true });
  });

  test('an invalid stored config is permanent and the message names the field, not its value', async () => {
    const badSecret = 'whsec_tooShortButStillSecretish';
    await assert.rejects(sendAlert('webhook', { url: 'https://example.com/h', secret: badSecret }, sampleEvent(), sendContext()), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, true);
      assert.match(error.message, /^webhook channel config is invalid: secret: /);
      assert.ok(!error.message.includes(badSecret));
      return true;
    });
  });

  test('events built from a policy intent carry everything the channels need', () => {
    const event = toAlertEvent(
      { type: 'down', status: 'down', previousStatus: 'up', downSince: new Date('2025-07-14T10:27:01Z') },
      { id: 'e1', integration: sampleEvent().integration, reason: 'timeout', at: new Date('2025-07-14T10:32:05Z'), detailUrl: 'https://h/x' },
    );
    assert.deepEqual(event, {
      id: 'e1',
      type: 'down',
      status: 'down',
      previousStatus: 'up',
      downSince: new Date('2025-07-14T10:27:01Z'),
      integration: sampleEvent().integration,
      reason: 'timeout',
      at: new Date('2025-07-14T10:32:05Z'),
      detailUrl: 'https://h/x',
    });
    assert.equal(testAlertEvent({ id: 't', at: new Date(), detailUrl: 'https://h/' }).type, 'test');
  });
});
