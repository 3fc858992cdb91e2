/**
 * Webhook and Slack alerts end to end: the webhook receiver verifies every signature with the
 * independent `standardwebhooks` package; the Slack stand-in rejects payloads Slack would reject.
 * Also: routing by tag, permanent failures and the retry endpoint, TLS-expiry warnings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient } from '../helpers/api.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { startSlackWebhookReceiver, type SlackReceiver } from '../helpers/slack-webhook-receiver.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { selfSignedCert, startTlsServer, type TlsTarget } from '../helpers/tls-certs.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';
import { checkNow, createHttpIntegration, deliveriesFor, manualChecksEnv, newWebhookSecret, postgresUnavailable, type Api } from './helpers.ts';

const skip = await postgresUnavailable();
const WEBHOOK_SECRET = newWebhookSecret();
const AUTH_HEADER = 'Bearer webhook-header-secret-5c4b3a29';

describe('webhook and Slack alerts', { skip }, () => {
  let webhook: HttpReceiver;
  let slack: SlackReceiver;
  let target: SwitchableTarget;
  let app: TestApp;
  let api: Api;
  let webhookChannel: number;
  let slackChannel: number;
  let payments: string;
  let other: string;

  before(async () => {
    webhook = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
    slack = await startSlackWebhookReceiver();
    target = await startSwitchableTarget();
    app = await startTestApp({ env: { ...manualChecksEnv, ALERT_DOWN_AFTER: '1', ALERT_COOLDOWN_MINUTES: '0' } });
    api = apiClient(app.url);
    const hook = await api.post('/api/v1/alert-channels', {
      name: 'Payments webhook',
      kind: 'webhook',
      tags: ['payments'],
      config: { url: `${webhook.url}/hooks/health`, secret: WEBHOOK_SECRET, headers: { Authorization: AUTH_HEADER } },
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    webhookChannel = hook.body.channel.id;
    const chat = await api.post('/api/v1/alert-channels', { name: 'Ops Slack', kind: 'slack', config: { url: slack.webhookUrl } });
    assert.equal(chat.status, 201, JSON.stringify(chat.body));
    slackChannel = chat.body.channel.id;
    payments = await createHttpIntegration(api, { name: 'Payments <API>', url: target.url, tags: ['payments'] });
    other = await createHttpIntegration(api, { name: 'Search', url: target.url, tags: ['search'] });
  });

  after(async () => {
    await app?.close();
    await webhook?.close();
    await slack?.close();
    await target?.close();
  });

  test('a down alert reaches the webhook as signed JSON that standardwebhooks verifies', async () => {
    target.setStatus(503);
    await checkNow(api, payments);
    const request = await waitFor(() => webhook.requests[0], 10_000, 'the webhook request');
    assert.equal(request.verified, true, request.verifyError);
    assert.equal(request.headers.authorization, AUTH_HEADER);
    const body = JSON.parse(request.body);
    assert.equal(body.type, 'integration.down');
    assert.equal(body.data.slug, payments);
    assert.equal(body.data.name, 'Payments <API>');
    assert.equal(body.data.status, 'down');
    assert.equal(body.data.previousStatus, 'up');
    assert.match(body.data.reason, /HTTP 503/);
    assert.equal(body.data.detailUrl, `https://health.example.test/integrations/${payments}`);
    const [row] = await deliveriesFor(app, payments);
    assert.equal(request.headers['webhook-id'], row!.event_key);
  });

  test('the same alert reaches Slack as Block Kit the Slack stand-in accepts, with the name escaped', async () => {
    const message = await waitFor(() => slack.messages.find((m) => String(m.text).includes('Payments')), 10_000, 'the Slack message');
    const blocks = message.blocks as Array<{ type: string; text?: { type: string; text: string }; fields?: unknown[] }>;
    assert.equal(blocks[0]!.type, 'header');
    assert.match(blocks[0]!.text!.text, /DOWN/);
    assert.equal(blocks[1]!.type, 'section');
    assert.match(blocks[1]!.text!.text, /Payments &lt;API&gt; is down/);
    assert.ok(blocks.some((block) => block.type === 'section' && Array.isArray(block.fields)));
  });

  test('channels with tags only get alerts for integrations carrying one of them', async () => {
    const before = webhook.requests.length;
    await checkNow(api, other);
    await waitFor(() => slack.messages.some((m) => String(m.text).includes('Search')), 10_000, 'the Slack message for Search');
    const rows = await deliveriesFor(app, other);
    assert.deepEqual(rows.map((row) => row.channel_id), [slackChannel]);
    assert.equal(webhook.requests.length, before);
  });

  test('recovery is announced on every channel that announced the outage', async () => {
    target.setStatus(200);
    await checkNow(api, payments);
    await waitFor(() => webhook.requests.some((r) => JSON.parse(r.body).type === 'integration.recovered'), 10_000, 'the recovered webhook');
    await waitFor(() => slack.messages.some((m) => /RECOVERED/.test(JSON.stringify(m.blocks)) && String(m.text).includes('Payments')), 10_000, 'the recovered Slack message');
    await checkNow(api, other);
  });

  test('a permanent failure (HTTP 400) fails at once, shows on the channel, and the retry endpoint sends it', async () => {
    webhook.answer({ status: 400, body: 'unknown event' });
    target.setStatus(503);
    await checkNow(api, payments);
    const failed = await waitFor(async () => (await deliveriesFor(app, payments)).find((row) => row.channel_id === webhookChannel && row.state === 'failed'), 10_000, 'the failed delivery');
    assert.equal(failed.attempts, 1);
    assert.match(failed.last_error ?? '', /answered 400/);
    const channel = await api.get(`/api/v1/alert-channels/${webhookChannel}`);
    assert.match(channel.body.channel.lastError, /answered 400/);
    const listed = await api.get(`/api/v1/alerts?state=failed&channel=${webhookChannel}`);
    assert.deepEqual(listed.body.alerts.map((alert: { id: number }) => alert.id), [failed.id]);

    webhook.answer({ status: 200, body: 'ok' });
    const retried = await api.post(`/api/v1/alerts/${failed.id}/retry`);
    assert.equal(retried.status, 202);
    assert.equal(retried.body.alert.state, 'pending');
    await waitFor(async () => (await deliveriesFor(app, payments)).find((row) => row.id === failed.id && row.state === 'sent'), 10_000, 'the retried delivery');
    const again = await api.post(`/api/v1/alerts/${failed.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
    target.setStatus(200);
    await checkNow(api, payments);
  });

  test('a certificate close to expiry sends one TLS warning, not one per check', async () => {
    let tls: TlsTarget | undefined;
    try {
      tls = await startTlsServer(await selfSignedCert({ commonName: 'expiring.test', validToDays: 10 }));
      const created = await api.post('/api/v1/integrations', { name: 'Expiring cert', kind: 'tls', tags: ['payments'], config: { host: '127.0.0.1', port: tls.port, rejectUnauthorized: false } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const slug = created.body.integration.slug;
      await waitFor(async () => (await api.get(`/api/v1/integrations/${slug}`)).body.integration.lastCheckedAt, 15_000, 'the first TLS check');
      await checkNow(api, slug);
      const warning = await waitFor(() => webhook.requests.find((r) => JSON.parse(r.body).type === 'integration.tls_expiry'), 10_000, 'the TLS warning');
      const body = JSON.parse(warning.body);
      assert.equal(body.data.slug, slug);
      assert.ok(body.data.certificateDaysRemaining <= 10 && body.data.certificateDaysRemaining >= 9, String(body.data.certificateDaysRemaining));
      const rows = await deliveriesFor(app, slug);
      assert.deepEqual(rows.map((row) => row.event_type), ['tls_expiry', 'tls_expiry'], 'one warning, on both channels');
    } finally {
      await tls?.close();
    }
  });

  test('"send test" answers with the outcome: sent, or the error naming only the host', async () => {
    const ok = await api.post(`/api/v1/alert-channels/${webhookChannel}/test`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.test.ok, true);
    assert.match(ok.body.test.detail, /answered 200/);
    assert.equal(JSON.parse(webhook.requests.at(-1)!.body).type, 'integration.test');
    assert.equal(webhook.requests.at(-1)!.verified, true);

    slack.failWith({ status: 500, body: 'internal_error' });
    const failed = await api.post(`/api/v1/alert-channels/${slackChannel}/test`);
    slack.failWith(undefined);
    assert.equal(failed.status, 200);
    assert.equal(failed.body.test.ok, false);
    assert.equal(failed.body.test.permanent, false);
    assert.match(failed.body.test.error, /127\.0\.0\.1:\d+ answered 500/);
    assert.ok(!failed.body.test.error.includes('xoxb'), 'the webhook URL token must not appear');
    const channel = await api.get(`/api/v1/alert-channels/${slackChannel}`);
    assert.match(channel.body.channel.lastError, /answered 500/);
  });

  test('channel secrets never appear in API responses: only which ones are set', async () => {
    const listed = await api.get('/api/v1/alert-channels');
    const text = JSON.stringify(listed.body);
    for (const secret of [WEBHOOK_SECRET, AUTH_HEADER, 'xoxbSecretTokenPart', slack.webhookUrl]) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 12)}…`);
    const hook = listed.body.channels.find((channel: { id: number }) => channel.id === webhookChannel);
    assert.deepEqual(hook.secrets, { secret: 'set', headers: 'set' });
    assert.deepEqual(hook.config, { url: `${webhook.url}/hooks/health` });
    const chat = listed.body.channels.find((channel: { id: number }) => channel.id === slackChannel);
    assert.deepEqual(chat.secrets, { url: 'set' });
    assert.deepEqual(chat.config, {});
    const alerts = await api.get('/api/v1/alerts?limit=200');
    const alertsText = JSON.stringify(alerts.body);
    assert.ok(!alertsText.includes(WEBHOOK_SECRET) && !alertsText.includes('xoxbSecretTokenPart'));
  });
});
