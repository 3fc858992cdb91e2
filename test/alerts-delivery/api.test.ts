/**
 * The alert API and page: channel and maintenance-window CRUD with field-named validation
 * errors, the delivery log's filters and paging, and the /alerts page with its htmx actions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMaintenanceTask } from '../../src/jobs/maintenance.ts';
import { apiClient, adminHeaders } from '../helpers/api.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';
import { manualChecksEnv, newWebhookSecret, postgresUnavailable, type Api } from './helpers.ts';

const skip = await postgresUnavailable();

const paths = (body: { error: { issues: Array<{ path: (string | number)[] }> } }) => body.error.issues.map((issue) => issue.path.join('.'));

describe('alert channels, deliveries and maintenance windows API', { skip }, () => {
  let receiver: HttpReceiver;
  let app: TestApp;
  let api: Api;
  let channelId: number;

  before(async () => {
    receiver = await startWebhookReceiver();
    app = await startTestApp({ env: manualChecksEnv });
    api = apiClient(app.url);
  });

  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  test('creating a webhook channel without a secret generates one, shown once', async () => {
    const created = await api.post('/api/v1/alert-channels', { name: 'Receiver', kind: 'webhook', config: { url: receiver.url } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.signingSecret, /^whsec_/);
    assert.equal(created.headers.get('location'), `/api/v1/alert-channels/${created.body.channel.id}`);
    assert.deepEqual(created.body.channel.secrets, { secret: 'set' });
    channelId = created.body.channel.id;
    const read = await api.get(`/api/v1/alert-channels/${channelId}`);
    assert.equal(read.body.signingSecret, undefined);
    assert.ok(!JSON.stringify(read.body).includes(created.body.signingSecret));
  });

  test('invalid channels answer 400 naming each bad field; unknown kinds list the kinds', async () => {
    const bad = await api.post('/api/v1/alert-channels', { name: '', kind: 'email', config: { to: ['not-an-address'] }, tags: ['Bad Tag'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_input');
    for (const expected of ['name', 'tags.0']) assert.ok(paths(bad.body).includes(expected), `${expected} in ${paths(bad.body)}`);
    const config = await api.post('/api/v1/alert-channels', { name: 'Mail', kind: 'email', config: { to: ['not-an-address'] } });
    assert.equal(config.status, 400);
    assert.deepEqual(paths(config.body), ['config.to.0']);
    const kind = await api.post('/api/v1/alert-channels', { name: 'Pager', kind: 'pager' });
    assert.equal(kind.status, 400);
    assert.equal(kind.body.error.code, 'unknown_kind');
    assert.match(kind.body.error.message, /email, webhook, slack/);
    const secret = await api.post('/api/v1/alert-channels', { name: 'Hook', kind: 'webhook', config: { url: receiver.url, secret: 'hunter2-not-a-whsec' } });
    assert.equal(secret.status, 400);
    assert.deepEqual(paths(secret.body), ['config.secret']);
    assert.ok(!JSON.stringify(secret.body).includes('hunter2'), 'a rejected secret is not echoed');
  });

  test('PATCH changes fields and keeps stored secrets when they are omitted; DELETE removes the channel', async () => {
    const patched = await api.patch(`/api/v1/alert-channels/${channelId}`, { name: 'Receiver (renamed)', tags: ['payments'], config: { url: `${receiver.url}/v2` } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.channel.name, 'Receiver (renamed)');
    assert.deepEqual(patched.body.channel.tags, ['payments']);
    assert.deepEqual(patched.body.channel.secrets, { secret: 'set' });
    assert.equal(patched.body.channel.config.url, `${receiver.url}/v2`);

    const extra = await api.post('/api/v1/alert-channels', { name: 'Temp', kind: 'slack', config: { url: `${receiver.url}/services/T/B/x` } });
    assert.equal((await api.delete(`/api/v1/alert-channels/${extra.body.channel.id}`)).status, 204);
    assert.equal((await api.get(`/api/v1/alert-channels/${extra.body.channel.id}`)).status, 404);
    assert.equal((await api.patch('/api/v1/alert-channels/9999', { name: 'x' })).status, 404);
  });

  test('the delivery log filters by state and channel and pages with a cursor', async () => {
    receiver.answer({ status: 200 });
    await api.post(`/api/v1/alert-channels/${channelId}/test`);
    await api.post(`/api/v1/alert-channels/${channelId}/test`);
    receiver.answer({ status: 410, body: 'gone' });
    const failed = await api.post(`/api/v1/alert-channels/${channelId}/test`);
    assert.equal(failed.body.test.ok, false);
    assert.equal(failed.body.test.permanent, true);

    const sent = await api.get(`/api/v1/alerts?state=sent&channel=${channelId}`);
    assert.equal(sent.body.alerts.length, 2);
    assert.ok(sent.body.alerts.every((alert: { state: string; type: string }) => alert.state === 'sent' && alert.type === 'test'));
    const onlyFailed = await api.get('/api/v1/alerts?state=failed');
    assert.deepEqual(onlyFailed.body.alerts.map((alert: { id: number }) => alert.id), [failed.body.test.deliveryId]);
    assert.match(onlyFailed.body.alerts[0].lastError, /answered 410/);

    const first = await api.get('/api/v1/alerts?limit=2');
    assert.equal(first.body.alerts.length, 2);
    assert.equal(first.body.nextBefore, first.body.alerts[1].id);
    const second = await api.get(`/api/v1/alerts?limit=2&before=${first.body.nextBefore}`);
    assert.equal(second.body.alerts.length, 1);
    assert.equal(second.body.nextBefore, null);
    assert.ok(second.body.alerts[0].id < first.body.alerts[1].id);

    const badFilter = await api.get('/api/v1/alerts?state=lost');
    assert.equal(badFilter.status, 400);
    assert.deepEqual(paths(badFilter.body), ['state']);
    // Test sends are not retried (a new test is the retry).
    assert.equal((await api.post(`/api/v1/alerts/${failed.body.test.deliveryId}/retry`)).status, 409);
  });

  test('a delivery left "sending" by a worker that died is marked failed by the maintenance run, and only then', async () => {
    const insert = (key: string, age: string) =>
      app.context.db.pool.query<{ id: number }>(
        `INSERT INTO alert_deliveries (event_key, event_type, channel_id, payload, state, attempts, created_at, updated_at)
         VALUES ($1, 'down', $2, '{}', 'sending', 5, now() - $3::interval, now() - $3::interval) RETURNING id`,
        [key, channelId, age],
      );
    const stale = (await insert('abandoned-1', '3 hours')).rows[0]!.id;
    const recent = (await insert('in-flight-1', '1 minute')).rows[0]!.id;
    await runMaintenanceTask(app.context, 'abandoned-alerts');
    const { rows } = await app.context.db.pool.query<{ id: number; state: string; last_error: string | null }>(
      'SELECT id, state, last_error FROM alert_deliveries WHERE id = ANY($1::bigint[]) ORDER BY id',
      [[stale, recent]],
    );
    assert.deepEqual(rows.map((row) => [row.id, row.state]), [[stale, 'failed'], [recent, 'sending']]);
    assert.match(rows[0]!.last_error ?? '', /no outcome was recorded/);
    await app.context.db.pool.query('DELETE FROM alert_deliveries WHERE id = ANY($1::bigint[])', [[stale, recent]]);
  });

  test('maintenance windows are created, listed, changed and deleted; bad fields are named', async () => {
    const once = await api.post('/api/v1/maintenance-windows', { name: 'Upgrade', kind: 'once', tags: ['db'], startsAt: '2030-01-01T02:00:00Z', endsAt: '2030-01-01T03:00:00Z' });
    assert.equal(once.status, 201, JSON.stringify(once.body));
    assert.deepEqual(
      { kind: once.body.window.kind, tags: once.body.window.tags, startsAt: once.body.window.startsAt, activeNow: once.body.window.activeNow },
      { kind: 'once', tags: ['db'], startsAt: '2030-01-01T02:00:00.000Z', activeNow: false },
    );
    const weekly = await api.patch(`/api/v1/maintenance-windows/${once.body.window.id}`, { kind: 'weekly', daysOfWeek: [6, 0], startTime: '02:30', durationMinutes: 90, timeZone: 'Europe/Berlin' });
    assert.equal(weekly.status, 200, JSON.stringify(weekly.body));
    assert.deepEqual(
      { kind: weekly.body.window.kind, days: weekly.body.window.daysOfWeek, zone: weekly.body.window.timeZone, name: weekly.body.window.name, tags: weekly.body.window.tags },
      { kind: 'weekly', days: [0, 6], zone: 'Europe/Berlin', name: 'Upgrade', tags: ['db'] },
    );
    const listed = await api.get('/api/v1/maintenance-windows');
    assert.equal(listed.body.windows.length, 1);

    const bad = await api.post('/api/v1/maintenance-windows', { kind: 'weekly', daysOfWeek: [7], startTime: '25:00', durationMinutes: 0, timeZone: 'Mars/Olympus', integration: 'no-such-integration' });
    assert.equal(bad.status, 400);
    for (const expected of ['daysOfWeek.0', 'startTime', 'durationMinutes', 'timeZone', 'integration']) assert.ok(paths(bad.body).includes(expected), `${expected} in ${paths(bad.body)}`);
    const backwards = await api.post('/api/v1/maintenance-windows', { kind: 'once', startsAt: '2030-01-01T03:00:00Z', endsAt: '2030-01-01T02:00:00Z' });
    assert.deepEqual(paths(backwards.body), ['endsAt']);

    assert.equal((await api.delete(`/api/v1/maintenance-windows/${once.body.window.id}`)).status, 204);
    assert.equal((await api.get('/api/v1/maintenance-windows')).body.windows.length, 0);
  });

  test('the /alerts page lists channels with their last error and deliveries, filtered by the URL', async () => {
    const response = await fetch(`${app.url}/alerts?state=failed`, { headers: adminHeaders });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /Receiver \(renamed\)/);
    assert.match(html, /answered 410/);
    assert.match(html, /<option value="failed" selected/);
    assert.match(html, /Send test/);
    assert.match(html, /data-state="failed"/);
    assert.doesNotMatch(html, /data-state="sent"/, 'only failed deliveries are listed');
    assert.ok(!html.includes('whsec_'));
  });

  test('the page\'s "Send test" action answers with the channel row and the outcome', async () => {
    receiver.answer({ status: 200 });
    const response = await fetch(`${app.url}/alerts/channels/${channelId}/test`, { method: 'POST', headers: adminHeaders });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, new RegExp(`<tr id="channel-${channelId}"`));
    assert.match(html, /Test sent in \d+ ms/);
    // A successful test clears the channel's last error.
    assert.match(html, /<td class="long-text" data-label="Last error">None<\/td>/);
  });
});
