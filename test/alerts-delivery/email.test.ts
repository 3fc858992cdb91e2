/**
 * Email alerts end to end: a real instance, a real SMTP server (smtp-sink + mailparser), a real
 * HTTP target flipped between healthy and failing, results driven by manual checks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient } from '../helpers/api.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { checkNow, createHttpIntegration, deliveriesFor, manualChecksEnv, postgresUnavailable, sleep, type Api } from './helpers.ts';

const skip = await postgresUnavailable();
const SECRET_HEADER_VALUE = 'Bearer top-secret-token-9f8e7d6c5b4a';
const RECIPIENTS = ['oncall@example.test', 'team@example.test'];

describe('email alerts', { skip }, () => {
  let sink: SmtpSink;
  let target: SwitchableTarget;
  let app: TestApp;
  let api: Api;
  let slug: string;
  let channelId: number;

  before(async () => {
    sink = await startSmtpSink();
    target = await startSwitchableTarget();
    app = await startTestApp({
      env: {
        ...manualChecksEnv,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        SMTP_FROM: 'Integration Health <alerts@example.test>',
        ALERT_DOWN_AFTER: '2',
        // Each test opens a new incident right after the previous one closed.
        ALERT_COOLDOWN_MINUTES: '0',
      },
    });
    api = apiClient(app.url);
    const channel = await api.post('/api/v1/alert-channels', { name: 'On-call email', kind: 'email', config: { to: RECIPIENTS, subjectPrefix: '[test]' } });
    assert.equal(channel.status, 201, JSON.stringify(channel.body));
    channelId = channel.body.channel.id;
    slug = await createHttpIntegration(api, { name: 'Billing API', url: target.url, config: { secretHeaders: { Authorization: SECRET_HEADER_VALUE } } });
  });

  after(async () => {
    await app?.close();
    await sink?.stop();
    await target?.close();
  });

  test('one failed check sends nothing; the second sends one down email naming the integration and status, without secrets', async () => {
    target.setStatus(503);
    assert.equal(await checkNow(api, slug), 'down');
    // The decision is made in the result's transaction: nothing is queued after one failure.
    assert.deepEqual(await deliveriesFor(app, slug), []);

    assert.equal(await checkNow(api, slug), 'down');
    await waitFor(() => sink.messages.length === 1, 10_000, 'the down email');
    const mail = sink.messages[0]!;
    assert.deepEqual(mail.envelope.to.sort(), [...RECIPIENTS].sort());
    assert.equal(mail.envelope.from, 'alerts@example.test');
    assert.equal(mail.parsed.subject, `[test] [DOWN] Billing API (${slug})`);
    const text = mail.parsed.text ?? '';
    assert.match(text, /Billing API is down/);
    assert.match(text, /Status:\s+down \(was up\)/);
    assert.match(text, /HTTP 503/);
    assert.match(text, new RegExp(`https://health\\.example\\.test/integrations/${slug}`));
    assert.match(String(mail.parsed.html), /Billing API is down/);
    assert.ok(!mail.raw.includes('top-secret-token'), 'the secret header value must not appear in the email');
  });

  test('the delivery is recorded as sent once, with its attempt, and listed by the API', async () => {
    await waitFor(async () => (await deliveriesFor(app, slug)).every((row) => row.state === 'sent'), 5000, 'the delivery row to be sent');
    const rows = await deliveriesFor(app, slug);
    assert.deepEqual(rows.map((row) => [row.event_type, row.state, row.attempts]), [['down', 'sent', 1]]);
    const listed = await api.get(`/api/v1/alerts?integration=${slug}`);
    assert.equal(listed.status, 200);
    assert.equal(listed.body.alerts.length, 1);
    assert.equal(listed.body.alerts[0].state, 'sent');
    assert.equal(listed.body.alerts[0].channel.id, channelId);
    assert.equal(typeof listed.body.alerts[0].durationMs, 'number');
  });

  test('a successful check after the down alert sends one recovered email', async () => {
    target.setStatus(200);
    assert.equal(await checkNow(api, slug), 'up');
    await waitFor(() => sink.messages.length === 2, 10_000, 'the recovered email');
    assert.equal(sink.messages[1]!.parsed.subject, `[test] [RECOVERED] Billing API (${slug})`);
    assert.match(sink.messages[1]!.parsed.text ?? '', /Was down for/);
  });

  test('with the SMTP server down when a down alert is due, the email is delivered exactly once after it comes back', async () => {
    await sink.stop();
    target.setStatus(503);
    await checkNow(api, slug);
    await checkNow(api, slug);
    const failed = await waitFor(async () => {
      const row = (await deliveriesFor(app, slug)).at(-1);
      return row && row.event_type === 'down' && row.attempts >= 1 && row.last_error ? row : undefined;
    }, 10_000, 'a failed attempt to be recorded');
    assert.match(failed.last_error ?? '', /SMTP server 127\.0\.0\.1:\d+/);
    assert.notEqual(failed.state, 'sent');
    const channel = await waitFor(async () => (await api.get(`/api/v1/alert-channels/${channelId}`)).body.channel.lastError, 5000, "the channel's last error");
    assert.match(channel, /SMTP server/);

    await sink.start();
    await waitFor(() => sink.messages.length === 3, 30_000, 'the delayed down email');
    assert.match(sink.messages[2]!.parsed.subject ?? '', /\[DOWN\]/);
    // Later retries must not send it again.
    await sleep(3000);
    assert.equal(sink.messages.length, 3);
    const row = (await deliveriesFor(app, slug)).at(-1)!;
    assert.equal(row.state, 'sent');
    assert.ok(row.attempts >= 2, `attempts: ${row.attempts}`);
    const cleared = await api.get(`/api/v1/alert-channels/${channelId}`);
    assert.equal(cleared.body.channel.lastError, null);

    target.setStatus(200);
    await checkNow(api, slug);
    await waitFor(() => sink.messages.length === 4, 10_000, 'the recovered email');
  });

  test('two instances on one database send one email per status change, even when their results arrive together', async () => {
    const second = await startTestApp({
      database: app.database,
      env: { ...manualChecksEnv, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_FROM: 'alerts@example.test', ALERT_DOWN_AFTER: '2', ALERT_COOLDOWN_MINUTES: '0' },
    });
    try {
      // Push pings have no rate limit, so two results can really arrive at once, one per instance.
      const created = await api.post('/api/v1/integrations', { name: 'Nightly export', kind: 'push' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const exportSlug: string = created.body.integration.slug;
      const ping = (baseUrl: string, status: string) => fetch(`${baseUrl}/api/v1/push/${created.body.pushToken}?status=${status}`).then((response) => assert.equal(response.status, 200));
      const before = sink.messages.length;
      await Promise.all([ping(app.url, 'down'), ping(second.url, 'down')]);
      await waitFor(() => sink.messages.length === before + 1, 10_000, 'one down email');
      await Promise.all([ping(second.url, 'up'), ping(app.url, 'up')]);
      await waitFor(() => sink.messages.length === before + 2, 10_000, 'one recovered email');
      await sleep(2000);
      assert.deepEqual(
        sink.messages.slice(before).map((mail) => mail.parsed.subject),
        [`[test] [DOWN] Nightly export (${exportSlug})`, `[test] [RECOVERED] Nightly export (${exportSlug})`],
      );
      const rows = await deliveriesFor(app, exportSlug);
      assert.deepEqual(rows.map((row) => [row.event_type, row.state]), [['down', 'sent'], ['recovered', 'sent']]);
    } finally {
      await second.close();
    }
  });
});
