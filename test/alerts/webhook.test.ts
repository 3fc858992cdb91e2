import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DeliveryError } from '../../src/alerts/errors.ts';
import { buildWebhookRequest, generateWebhookSecret, webhookChannel, type WebhookPayload } from '../../src/alerts/webhook.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';
import { sampleEvent, sendContext } from './fixtures.ts';

const SECRET = generateWebhookSecret();

describe('webhook request (no network)', () => {
  test('the signature matches what the standardwebhooks library computes', () => {
    const at = new Date('2025-07-14T10:32:07Z');
    const request = buildWebhookRequest(sampleEvent(), { url: 'https://example.com/h', secret: SECRET }, at);
    assert.equal(request.headers['webhook-signature'], new Webhook(SECRET).sign(sampleEvent().id, at, request.body));
    assert.equal(request.headers['webhook-id'], sampleEvent().id);
    assert.equal(request.headers['webhook-timestamp'], String(Math.floor(at.getTime() / 1000)));
  });

  test('the body follows the documented payload', () => {
    const request = buildWebhookRequest(sampleEvent(), { url: 'https://example.com/h', secret: SECRET }, new Date());
    const payload = JSON.parse(request.body) as WebhookPayload;
    assert.deepEqual(payload, {
      type: 'integration.down',
      timestamp: '2025-07-14T10:32:05.000Z',
      data: {
        slug: 'billing-api',
        name: 'Billing API',
        kind: 'http',
        tags: ['billing', 'payments'],
        status: 'down',
        previousStatus: 'up',
        reason: 'HTTP 503 (expected 200-299)',
        at: '2025-07-14T10:32:05.000Z',
        detailUrl: 'https://health.example.com/integrations/billing-api',
        downSince: '2025-07-14T10:27:01.000Z',
      },
    });
  });

  test('generated secrets are valid and different each time', () => {
    const other = generateWebhookSecret();
    assert.notEqual(SECRET, other);
    assert.match(SECRET, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(webhookChannel.configSchema.safeParse({ url: 'https://example.com/h', secret: other }).success, true);
  });

  test('the config schema rejects malformed secrets, reserved headers and non-http URLs', () => {
    const bad = [
      { url: 'https://example.com/h', secret: 'not-a-secret' },
      { url: 'https://example.com/h', secret: 'whsec_c2hvcnQ=' },
      { url: 'https://example.com/h', secret: SECRET, headers: { 'Webhook-Signature': 'v1,forged' } },
      { url: 'https://example.com/h', secret: SECRET, headers: { 'x-ok': 'line\r\nbreak' } },
      { url: 'ftp://example.com/h', secret: SECRET },
    ];
    for (const config of bad) assert.equal(webhookChannel.configSchema.safeParse(config).success, false, JSON.stringify(config));
  });
});

describe('webhook delivery to a receiver that verifies signatures', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
  });
  after(async () => {
    await receiver.close();
  });

  test('a signed event is accepted and verified by the standardwebhooks package', async () => {
    receiver.answer({ status: 204 });
    const result = await webhookChannel.send(
      sampleEvent(),
      { url: `${receiver.url}/hooks/health`, secret: SECRET, headers: { 'X-Team': 'payments' } },
      sendContext(),
    );
    const request = receiver.requests.at(-1);
    assert.equal(request?.verified, true, request?.verifyError);
    assert.equal(request?.headers['x-team'], 'payments');
    assert.equal((JSON.parse(request?.body ?? '{}') as WebhookPayload).type, 'integration.down');
    assert.match(result.detail ?? '', /answered 204/);
  });

  test('a retry of the same event carries the same webhook-id', async () => {
    receiver.answer({ status: 200 });
    const config = { url: receiver.url, secret: SECRET };
    await webhookChannel.send(sampleEvent(), config, sendContext());
    await webhookChannel.send(sampleEvent(), config, sendContext());
    const [first, second] = receiver.requests.slice(-2);
    assert.equal(first?.headers['webhook-id'], second?.headers['webhook-id']);
  });

  test('a wrong secret fails verification and the 401 is permanent without the secret in the message', async () => {
    const wrong = generateWebhookSecret();
    await assert.rejects(webhookChannel.send(sampleEvent(), { url: receiver.url, secret: wrong }, sendContext()), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, true);
      assert.equal(error.status, 401);
      assert.ok(!error.message.includes(wrong.slice(6)));
      return true;
    });
    assert.equal(receiver.requests.at(-1)?.verified, false);
  });

  test('410 Gone is permanent', async () => {
    receiver.answer({ status: 410, body: 'endpoint removed' });
    await assert.rejects(webhookChannel.send(sampleEvent(), { url: receiver.url, secret: SECRET }, sendContext()), {
      permanent: true,
      status: 410,
    });
  });

  test('503 is retryable', async () => {
    receiver.answer({ status: 503 });
    await assert.rejects(webhookChannel.send(sampleEvent(), { url: receiver.url, secret: SECRET }, sendContext()), {
      permanent: false,
      status: 503,
    });
  });

  test('a receiver slower than the timeout gives a retryable timeout error', async () => {
    receiver.answer({ status: 200, delayMs: 3000 });
    const started = Date.now();
    await assert.rejects(webhookChannel.send(sampleEvent(), { url: receiver.url, secret: SECRET }, sendContext({ timeoutMs: 200 })), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, false);
      assert.match(error.message, /did not answer within 200 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 1500);
  });
});
