import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../src/alerts/errors.ts';
import { sendAlert } from '../../src/alerts/registry.ts';
import { buildSlackMessage, escapeSlack, slackChannel, type SlackBlock } from '../../src/alerts/slack.ts';
import { startSlackWebhookReceiver, type SlackReceiver } from '../helpers/slack-webhook-receiver.ts';
import { HOSTILE_NAME, sampleEvent, sendContext } from './fixtures.ts';

/** Every piece of text Slack will render from a message. */
function allText(message: { text: string; blocks: SlackBlock[] }): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if ('text' in block && block.text) texts.push(block.text.text);
    if ('fields' in block && block.fields) texts.push(...block.fields.map((field) => field.text));
    if ('elements' in block) texts.push(...block.elements.map((element) => ('url' in element ? element.text.text : element.text)));
  }
  return texts;
}

describe('Slack message (no network)', () => {
  test('the message has a header with emoji and words, the details, a fallback text and a link', () => {
    const message = buildSlackMessage(sampleEvent());
    assert.deepEqual(
      message.blocks.map((block) => block.type),
      ['header', 'section', 'section', 'context'],
    );
    const [header, summary] = message.blocks;
    assert.equal(header?.type === 'header' && header.text.text, ':red_circle: DOWN');
    assert.ok(summary?.type === 'section' && summary.text?.text === '*Billing API is down*');
    assert.equal(summary?.type === 'section' && summary.accessory?.url, 'https://health.example.com/integrations/billing-api');
    assert.match(message.text, /^:red_circle: \[DOWN\] Billing API is down: HTTP 503/);
    assert.ok(allText(message).some((text) => text.includes('<https://health.example.com/integrations/billing-api|')));
    assert.ok(allText(message).some((text) => text.includes('HTTP 503 (expected 200-299)')));
  });

  test('each event type has its own emoji and label', () => {
    const headers = (['down', 'recovered', 'degraded', 'reminder', 'tls_expiry', 'test'] as const).map((type) => {
      const [header] = buildSlackMessage(sampleEvent({ type })).blocks;
      return header?.type === 'header' ? header.text.text : '';
    });
    assert.equal(new Set(headers).size, 6);
  });

  test('a hostile name and reason come out escaped everywhere Slack parses text', () => {
    const event = sampleEvent({
      integration: { slug: 'evil', name: HOSTILE_NAME, kind: 'http', tags: ['<!channel>'] },
      reason: 'ping <!here> & <https://evil.example|click me>',
    });
    const texts = allText(buildSlackMessage(event));
    for (const text of texts) {
      assert.ok(!text.includes('<script>'), text);
      assert.ok(!text.includes('<!here>') && !text.includes('<!channel>'), text);
      assert.ok(!text.includes('<https://evil'), text);
    }
    assert.ok(texts.some((text) => text.includes('&lt;script&gt;alert(1)&lt;/script&gt;')));
    assert.equal(escapeSlack('a & <b>'), 'a &amp; &lt;b&gt;');
  });

  test('a very long reason is cut to what Slack accepts', () => {
    const message = buildSlackMessage(sampleEvent({ reason: 'x'.repeat(10_000) }));
    assert.ok(message.text.length <= 3000);
    for (const block of message.blocks) if (block.type === 'section') for (const field of block.fields ?? []) assert.ok(field.text.length <= 2000);
  });
});

describe('Slack delivery to an incoming-webhook stand-in', () => {
  let slack: SlackReceiver;
  before(async () => {
    slack = await startSlackWebhookReceiver();
  });
  after(async () => {
    await slack.close();
  });

  test('the message is accepted as valid Block Kit', async () => {
    const before = slack.messages.length;
    const result = await slackChannel.send(sampleEvent({ type: 'recovered', status: 'up', previousStatus: 'down' }), { url: slack.webhookUrl }, sendContext());
    assert.equal(slack.messages.length, before + 1);
    const received = slack.messages.at(-1) as { text: string; blocks: unknown[] };
    assert.match(received.text, /Billing API has recovered/);
    assert.ok(Array.isArray(received.blocks) && received.blocks.length >= 3);
    assert.match(result.detail ?? '', /answered 200/);
  });

  test('an unknown webhook (404 no_service) is permanent and the error holds no token', async () => {
    const revoked = slack.webhookUrl.replace(/[^/]+$/, 'revokedTokenValue0000');
    await assert.rejects(slackChannel.send(sampleEvent(), { url: revoked }, sendContext()), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, true);
      assert.equal(error.status, 404);
      assert.match(error.message, /^127\.0\.0\.1:\d+ answered 404: no_service$/);
      assert.ok(!error.message.includes('revokedTokenValue0000'));
      assert.ok(!error.message.includes('/services/'));
      return true;
    });
  });

  test('through the registry, a Slack server error is retryable and names no secret', async () => {
    slack.failWith({ status: 500, body: 'internal_error' });
    try {
      await assert.rejects(sendAlert('slack', { url: slack.webhookUrl }, sampleEvent(), sendContext()), (error) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.permanent, false);
        assert.equal(error.message.includes(new URL(slack.webhookUrl).pathname), false);
        assert.match(error.message, /answered 500: internal_error/);
        return true;
      });
    } finally {
      slack.failWith(undefined);
    }
  });
});
