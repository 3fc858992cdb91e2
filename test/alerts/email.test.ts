import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildEmail, emailChannel } from '../../src/alerts/email.ts';
import { DeliveryError } from '../../src/alerts/errors.ts';
import type { SmtpSettings } from '../../src/alerts/types.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { HOSTILE_NAME, sampleEvent, sendContext } from './fixtures.ts';

const PASSWORD = 'sm7p-pa55word-do-not-leak';

describe('email content (no network)', () => {
  test('the subject names the event, the integration and its slug', () => {
    assert.equal(buildEmail(sampleEvent(), { to: ['a@example.com'] }).subject, '[DOWN] Billing API (billing-api)');
    assert.equal(
      buildEmail(sampleEvent({ type: 'recovered', status: 'up', previousStatus: 'down' }), { to: ['a@example.com'], subjectPrefix: '[prod]' }).subject,
      '[prod] [RECOVERED] Billing API (billing-api)',
    );
  });

  test('the text body names the integration, status, reason, time and link', () => {
    const { text } = buildEmail(sampleEvent(), { to: ['a@example.com'] });
    assert.match(text, /Billing API is down\./);
    assert.match(text, /Status:\s+down \(was up\)/);
    assert.match(text, /Reason:\s+HTTP 503 \(expected 200-299\)/);
    assert.match(text, /2025-07-14T10:32:05\.000Z \(Mon, 14 Jul 2025, 10:32 UTC\)/);
    assert.match(text, /Details: https:\/\/health\.example\.com\/integrations\/billing-api/);
  });

  test('a recovery says how long the outage lasted', () => {
    const event = sampleEvent({ type: 'recovered', status: 'up', previousStatus: 'down', at: new Date('2025-07-14T12:40:01Z') });
    const { text, html } = buildEmail(event, { to: ['a@example.com'] });
    assert.match(text, /Was down for:\s+2 h 13 min/);
    assert.match(html, /Was down for/);
  });

  test('every value in the HTML body is escaped', () => {
    const event = sampleEvent({
      integration: { slug: 'x', name: HOSTILE_NAME, kind: 'http', tags: ['"><img src=x onerror=alert(2)>'] },
      reason: 'body contained <b>bold</b> & "quotes"',
      detailUrl: 'https://health.example.com/integrations/x?a=1&b="2"',
    });
    const { html } = buildEmail(event, { to: ['a@example.com'] });
    assert.ok(!html.includes('<script>'), 'no raw script tag');
    assert.ok(!html.includes('<img'), 'no injected tag from tags');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;'));
    assert.ok(html.includes('href="https://health.example.com/integrations/x?a=1&amp;b=&quot;2&quot;"'));
  });

  test('a non-http detail URL is never turned into a link', () => {
    const { html, text } = buildEmail(sampleEvent({ detailUrl: 'javascript:alert(1)' }), { to: ['a@example.com'] });
    assert.ok(!html.includes('javascript:'));
    assert.ok(!text.includes('javascript:'));
  });

  test('line breaks in names cannot inject headers through the subject', () => {
    const event = sampleEvent({ integration: { slug: 's', name: 'A\r\nBcc: victim@example.com', kind: 'http', tags: [] } });
    assert.ok(!/[\r\n]/.test(buildEmail(event, { to: ['a@example.com'] }).subject));
  });

  test('the config schema rejects bad addresses and more than 20 recipients', () => {
    assert.equal(emailChannel.configSchema.safeParse({ to: ['not-an-address'] }).success, false);
    assert.equal(emailChannel.configSchema.safeParse({ to: [] }).success, false);
    const many = Array.from({ length: 21 }, (_, i) => `user${i}@example.com`);
    assert.equal(emailChannel.configSchema.safeParse({ to: many }).success, false);
    assert.equal(emailChannel.configSchema.safeParse({ to: ['ops@example.com'] }).success, true);
  });
});

describe('email delivery through a real SMTP server', () => {
  let sink: SmtpSink;
  let smtp: SmtpSettings;

  before(async () => {
    sink = await startSmtpSink({ users: { alerts: PASSWORD } });
    smtp = { host: '127.0.0.1', port: sink.port, secure: false, user: 'alerts', pass: PASSWORD, from: 'Integration Health <alerts@example.com>' };
  });
  after(async () => {
    await sink.stop();
  });

  test('a down alert arrives with subject, recipients and a body naming the integration and status', async () => {
    const before = sink.messages.length;
    const result = await emailChannel.send(sampleEvent(), { to: ['oncall@example.com', 'lead@example.com'] }, sendContext({ smtp }));
    const mail = sink.messages[before];
    assert.ok(mail, 'message received');
    assert.equal(mail.user, 'alerts');
    assert.equal(mail.parsed.subject, '[DOWN] Billing API (billing-api)');
    assert.deepEqual(mail.envelope.to, ['oncall@example.com', 'lead@example.com']);
    assert.equal(mail.envelope.from, 'alerts@example.com');
    assert.match(mail.parsed.text ?? '', /Billing API is down/);
    assert.match(String(mail.parsed.html), /Billing API is down/);
    assert.equal(mail.parsed.messageId, '<evt_01J2ZQ8N4K7Y3W5X6V9T0R1S2U@integration-health>');
    assert.ok(!mail.raw.includes(PASSWORD), 'password not in the message');
    assert.match(result.detail ?? '', /accepted by 127\.0\.0\.1 for 2 recipients/);
  });

  test('a hostile integration name arrives escaped in the HTML part', async () => {
    const before = sink.messages.length;
    const event = sampleEvent({ integration: { slug: 'evil', name: HOSTILE_NAME, kind: 'http', tags: [] } });
    await emailChannel.send(event, { to: ['oncall@example.com'] }, sendContext({ smtp }));
    const html = String(sink.messages[before]?.parsed.html);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script>'));
  });

  test('a mailbox rejected with 550 is a permanent error without the password', async () => {
    sink.rejectRecipients.add('gone@example.com');
    try {
      await assert.rejects(emailChannel.send(sampleEvent(), { to: ['gone@example.com'] }, sendContext({ smtp })), (error) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.permanent, true);
        assert.equal(error.status, 550);
        assert.match(error.message, /550/);
        assert.ok(!error.message.includes(PASSWORD));
        return true;
      });
    } finally {
      sink.rejectRecipients.clear();
    }
  });

  test('one rejected recipient among several is reported in the detail, not as a failure', async () => {
    sink.rejectRecipients.add('gone@example.com');
    try {
      const result = await emailChannel.send(sampleEvent(), { to: ['oncall@example.com', 'gone@example.com'] }, sendContext({ smtp }));
      assert.match(result.detail ?? '', /1 of 2 recipients; rejected: gone@example\.com/);
    } finally {
      sink.rejectRecipients.clear();
    }
  });

  test('a wrong SMTP password is permanent and the error does not contain it', async () => {
    const wrong = { ...smtp, pass: 'wrong-password-secret' };
    await assert.rejects(emailChannel.send(sampleEvent(), { to: ['oncall@example.com'] }, sendContext({ smtp: wrong })), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, true);
      assert.equal(error.status, 535);
      assert.ok(!error.message.includes('wrong-password-secret'));
      return true;
    });
  });

  test('a stopped server is a retryable error, and delivery works again once it is back', async () => {
    await sink.stop();
    try {
      await assert.rejects(emailChannel.send(sampleEvent(), { to: ['oncall@example.com'] }, sendContext({ smtp })), (error) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.permanent, false);
        assert.match(error.message, /127\.0\.0\.1:\d+/);
        assert.ok(!error.message.includes(PASSWORD));
        return true;
      });
    } finally {
      await sink.start();
    }
    const before = sink.messages.length;
    await emailChannel.send(sampleEvent(), { to: ['oncall@example.com'] }, sendContext({ smtp }));
    assert.equal(sink.messages.length, before + 1);
  });

  test('missing SMTP settings are a permanent error that says what to set', async () => {
    await assert.rejects(emailChannel.send(sampleEvent(), { to: ['oncall@example.com'] }, sendContext({ smtp: undefined })), {
      name: 'DeliveryError',
      message: 'SMTP is not configured: set SMTP_HOST and SMTP_FROM',
      permanent: true,
    });
  });
});

describe('email delivery to a server that never greets', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink({ greetingDelayMs: 5000 });
  });
  after(async () => {
    await sink.stop();
  });

  test('the attempt gives up within its budget with a retryable error', async () => {
    const smtp: SmtpSettings = { host: '127.0.0.1', port: sink.port, secure: false, from: 'alerts@example.com' };
    const started = Date.now();
    await assert.rejects(emailChannel.send(sampleEvent(), { to: ['oncall@example.com'] }, sendContext({ smtp, timeoutMs: 300 })), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, false);
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'did not wait for the greeting');
  });
});
