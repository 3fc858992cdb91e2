/**
 * Script payloads in every field a person or a monitored job controls come out escaped: on every
 * page (and the fragments pushed over WebSockets), in SVG badges and in alert emails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const scriptTag = '<script>alert(1)</script>';
const attributeBreak = '"><img src=x onerror=alert(1)>';
const payload = `${scriptTag}${attributeBreak}`;

/** Neither payload survives as markup; `where` names the page in the failure message. */
function assertEscaped(body: string, where: string) {
  assert.ok(!body.includes(scriptTag), `${where}: raw <script> payload`);
  assert.ok(!body.includes('<img src=x onerror'), `${where}: raw <img onerror> payload`);
  assert.ok(!/<script>alert/i.test(body), `${where}: unescaped script`);
}

describe('XSS: user-controlled text is escaped everywhere', () => {
  let app: TestApp;
  let admin: BrowserSession;
  let sink: SmtpSink;
  let pushToken: string;
  const evilName = `Evil ${payload}`;

  before(async () => {
    sink = await startSmtpSink();
    app = await startTestApp({
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_FROM: 'alerts@example.test', ALERT_DOWN_AFTER: '1', PUBLIC_URL: 'https://health.example.test' },
    });
    admin = await signIn(app, 'admin');
    const api = apiClient(app.url);
    const push = await api.post('/api/v1/integrations', { slug: 'evil-push', name: evilName, kind: 'push', public: true, tags: ['ops'] });
    assert.equal(push.status, 201, JSON.stringify(push.body));
    pushToken = push.body.pushToken;
    const http = await api.post('/api/v1/integrations', {
      slug: 'evil-http',
      name: evilName,
      kind: 'http',
      paused: true,
      config: { url: 'http://127.0.0.1:9/', keyword: payload, headers: { 'X-Note': payload } },
    });
    assert.equal(http.status, 201, JSON.stringify(http.body));
    assert.equal((await api.post('/api/v1/alert-channels', { name: `Mail ${payload}`, kind: 'email', config: { to: ['oncall@example.test'] } })).status, 201);
    assert.equal((await api.post('/api/v1/maintenance-windows', { name: `Window ${payload}`, kind: 'once', startsAt: '2040-01-01T00:00:00Z', endsAt: '2040-01-01T01:00:00Z' })).status, 201);
    assert.equal((await admin.request('/admin/tokens', { form: { name: `Token ${payload}`, scope: 'read' } })).status, 201);
    // A monitored job reports failure with a hostile message: it becomes the check message and the alert reason.
    const ping = await api.post(`/api/v1/push/${pushToken}`, { status: 'down', msg: payload });
    assert.equal(ping.status, 200, JSON.stringify(ping.body));
  });
  after(async () => {
    await app.close();
    await sink.stop();
  });

  test('every page shows the payloads as text', async () => {
    const channel = await app.context.db.prisma.alertChannel.findFirstOrThrow();
    const window = await app.context.db.prisma.maintenanceWindow.findFirstOrThrow();
    const pages = [
      '/integrations/health',
      '/integrations/evil-push',
      '/integrations/evil-http',
      '/board',
      '/alerts',
      '/admin/integrations',
      '/admin/integrations/evil-http/edit',
      '/admin/integrations/evil-push/edit',
      '/admin/channels',
      `/admin/channels/${channel.id}/edit`,
      '/admin/maintenance',
      `/admin/maintenance/${window.id}/edit`,
      '/admin/tokens',
      '/admin/users',
      '/embed/evil-push',
    ];
    for (const path of pages) {
      const response = await admin.request(path);
      assert.equal(response.status, 200, path);
      const html = await response.text();
      assertEscaped(html, path);
    }
    const dashboard = await (await admin.request('/integrations/health')).text();
    assert.ok(dashboard.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name is shown, escaped');
    const edit = await (await admin.request('/admin/integrations/evil-http/edit')).text();
    assert.ok(edit.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), 'config values are shown, escaped in attributes and text');
  });

  test('the check message pushed over the WebSocket is escaped too', async () => {
    const messages: string[] = [];
    const socket = new WebSocket(`${app.url.replace('http', 'ws')}/ws?view=dashboard`, { headers: { cookie: admin.cookie, origin: app.url } });
    socket.on('message', (data) => messages.push(String(data)));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await apiClient(app.url).post(`/api/v1/push/${pushToken}`, { status: 'down', msg: `again ${payload}` });
    await waitFor(() => messages.some((message) => message.includes('again')), 10_000, 'the pushed fragment');
    socket.close();
    for (const message of messages) assertEscaped(message, 'websocket fragment');
  });

  test('SVG badges escape names and labels', async () => {
    for (const path of ['/badge/evil-push/status.svg', `/badge/evil-push/status.svg?label=${encodeURIComponent(payload)}`, `/badge/tag/ops/status.svg?label=${encodeURIComponent(payload)}`]) {
      const response = await fetch(`${app.url}${path}`);
      assert.equal(response.status, 200, path);
      assertEscaped(await response.text(), path);
    }
  });

  test('the alert email escapes the integration name and the reason', async () => {
    await waitFor(() => sink.messages.length > 0, 15_000, 'the down email');
    const mail = sink.messages[0]!;
    const html = String(mail.parsed.html);
    assertEscaped(html, 'email html');
    assert.ok(html.includes('&lt;script&gt;'), 'the name is in the email, escaped');
  });
});
