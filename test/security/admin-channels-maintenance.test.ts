/** The admin UI for alert channels (form per kind, send test, write-only secrets) and maintenance windows. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';

describe('admin UI: alert channels and maintenance windows', () => {
  let app: TestApp;
  let admin: BrowserSession;
  let receiver: HttpReceiver;

  before(async () => {
    receiver = await startWebhookReceiver();
    app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
    admin = await signIn(app, 'admin');
    await apiClient(app.url).post('/api/v1/integrations', { slug: 'billing', name: 'Billing', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, paused: true });
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });

  test('each channel kind gets its own form from its schema', async () => {
    const webhook = await (await admin.request('/admin/channels/new?kind=webhook')).text();
    assert.match(webhook, /name="config.url"/);
    assert.match(webhook, /name="config.secret"[^>]*placeholder="not set"/);
    const email = await (await admin.request('/admin/channels/fields?kind=email', { headers: { 'hx-request': 'true' } })).text();
    assert.match(email, /name="config.to"/);
  });

  test('a webhook channel without a secret gets one generated, shown once; it is stored encrypted', async () => {
    const response = await admin.request('/admin/channels', { form: { kind: 'webhook', name: 'Ops hook', enabled: 'on', 'config.url': receiver.url } });
    assert.equal(response.status, 200);
    const html = await response.text();
    const secret = /<code class="secret-once">(whsec_[^<]+)<\/code>/.exec(html)?.[1];
    assert.ok(secret, 'the generated secret is shown');
    const row = await app.context.db.prisma.alertChannel.findFirstOrThrow({ where: { name: 'Ops hook' } });
    assert.ok(row.secrets && !row.secrets.includes(secret));
    const edit = await (await admin.request(`/admin/channels/${row.id}/edit`)).text();
    assert.ok(!edit.includes(secret));
    assert.match(edit, /name="config.secret"[^>]*placeholder="set — replace"/);
  });

  test('invalid channel input comes back inline', async () => {
    const response = await admin.request('/admin/channels', { form: { kind: 'webhook', name: '', 'config.url': 'nope' }, headers: { 'hx-request': 'true' } });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="f-config-url-error"/);
    assert.match(html, /id="c-name-error"/);
  });

  test('"Send test" delivers a test alert and shows the outcome inline', async () => {
    const row = await app.context.db.prisma.alertChannel.findFirstOrThrow({ where: { name: 'Ops hook' } });
    const before = receiver.requests.length;
    const response = await admin.request(`/admin/channels/${row.id}/test`, { form: {}, headers: { 'hx-request': 'true' } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Test sent/);
    assert.equal(receiver.requests.length, before + 1);
  });

  test('disable, enable and delete a channel', async () => {
    const row = await app.context.db.prisma.alertChannel.findFirstOrThrow({ where: { name: 'Ops hook' } });
    assert.equal((await admin.request(`/admin/channels/${row.id}/disable`, { form: {} })).status, 303);
    assert.equal((await app.context.db.prisma.alertChannel.findUniqueOrThrow({ where: { id: row.id } })).enabled, false);
    assert.equal((await admin.request(`/admin/channels/${row.id}/enable`, { form: {} })).status, 303);
    assert.equal((await admin.request(`/admin/channels/${row.id}/delete`, { form: {} })).status, 303);
    assert.equal(await app.context.db.prisma.alertChannel.count({ where: { id: row.id } }), 0);
  });

  test('a file-managed channel is marked and read-only', async () => {
    const created = await apiClient(app.url).post('/api/v1/alert-channels', { name: 'From file', kind: 'slack', config: { url: `${receiver.url}/slack` } });
    await app.context.db.prisma.alertChannel.update({ where: { id: created.body.channel.id }, data: { managedBy: 'integrations.yaml' } });
    const list = await (await admin.request('/admin/channels')).text();
    assert.match(list, /managed by file/);
    const save = await admin.request(`/admin/channels/${created.body.channel.id}/edit`, { form: { name: 'Renamed', enabled: 'on' } });
    assert.equal(save.status, 422);
    assert.equal((await admin.request(`/admin/channels/${created.body.channel.id}/delete`, { form: {} })).status, 409);
  });

  test('maintenance windows: one-off and weekly, created, edited and deleted', async () => {
    const once = await admin.request('/admin/maintenance', { form: { name: 'DB upgrade', integration: 'billing', kind: 'once', startsAt: '2031-05-01T22:00', endsAt: '2031-05-01T23:30' } });
    assert.equal(once.status, 303);
    const row = await app.context.db.prisma.maintenanceWindow.findFirstOrThrow({ where: { name: 'DB upgrade' } });
    assert.equal(row.startsAt?.toISOString(), '2031-05-01T22:00:00.000Z');

    const weekly = await admin.request('/admin/maintenance', { form: { name: 'Backups', kind: 'weekly', tags: 'ops', day0: 'on', day3: 'on', startTime: '02:30', durationMinutes: '45', timeZone: 'Europe/Berlin' } });
    assert.equal(weekly.status, 303);
    const backups = await app.context.db.prisma.maintenanceWindow.findFirstOrThrow({ where: { name: 'Backups' } });
    assert.deepEqual(backups.daysOfWeek, [0, 3]);

    const list = await (await admin.request('/admin/maintenance')).text();
    assert.match(list, /DB upgrade/);
    assert.match(list, /every Sun, Wed at 02:30 for 45 min \(Europe\/Berlin\)/);

    const edit = await (await admin.request(`/admin/maintenance/${backups.id}/edit`)).text();
    assert.match(edit, /name="day3" checked/);
    assert.equal((await admin.request(`/admin/maintenance/${backups.id}/edit`, { form: { name: 'Backups', kind: 'weekly', tags: 'ops', day1: 'on', startTime: '03:00', durationMinutes: '30', timeZone: 'UTC' } })).status, 303);
    assert.deepEqual((await app.context.db.prisma.maintenanceWindow.findUniqueOrThrow({ where: { id: backups.id } })).daysOfWeek, [1]);

    assert.equal((await admin.request(`/admin/maintenance/${row.id}/delete`, { form: {} })).status, 303);
    assert.equal(await app.context.db.prisma.maintenanceWindow.count({ where: { id: row.id } }), 0);
  });

  test('an invalid window is shown with its errors', async () => {
    const response = await admin.request('/admin/maintenance', { form: { name: 'Broken', kind: 'weekly', startTime: '25:99', durationMinutes: '0', timeZone: 'Mars/Olympus' }, headers: { 'hx-request': 'true' } });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="m-startTime-error"/);
    assert.match(html, /id="m-timeZone-error"/);
    assert.match(html, /id="m-daysOfWeek-error"/);
  });
});
