/**
 * The policy in a running instance, with an injected clock so minutes pass on demand: flapping
 * held back by the cooldown, reminders, and maintenance windows that silence alerts, show the
 * `maintenance` status (status-change rows in and out) and hand back to alerting when they end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMaintenanceTask } from '../../src/jobs/maintenance.ts';
import type { AppEvent } from '../../src/realtime/events.ts';
import { apiClient } from '../helpers/api.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';
import { checkNow, createHttpIntegration, deliveriesFor, manualChecksEnv, newWebhookSecret, postgresUnavailable, statusChangesFor, type Api } from './helpers.ts';

const skip = await postgresUnavailable();
const MINUTE = 60_000;

describe('alert policy in a running instance', { skip }, () => {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  let receiver: HttpReceiver;
  let flappy: SwitchableTarget;
  let maintained: SwitchableTarget;
  let app: TestApp;
  let api: Api;

  /** Event types the webhook received for one integration, in order. */
  const received = (slug: string) =>
    receiver.requests.map((request) => JSON.parse(request.body)).filter((body) => body.data.slug === slug).map((body) => body.type.replace('integration.', ''));

  before(async () => {
    const secret = newWebhookSecret();
    receiver = await startWebhookReceiver({ secret });
    flappy = await startSwitchableTarget();
    maintained = await startSwitchableTarget();
    // Defaults for cooldown (15 min) and reminders (60 min); down after one failure.
    app = await startTestApp({ clock, env: { ...manualChecksEnv, ALERT_DOWN_AFTER: '1' } });
    api = apiClient(app.url);
    const channel = await api.post('/api/v1/alert-channels', { name: 'Hook', kind: 'webhook', config: { url: receiver.url, secret } });
    assert.equal(channel.status, 201, JSON.stringify(channel.body));
    // Created before the clock moves: a first check scheduled at a skewed "now" would run late.
    await createHttpIntegration(api, { name: 'Flappy', url: flappy.url });
    await createHttpIntegration(api, { name: 'Maintained', url: maintained.url, tags: ['db'] });
  });

  after(async () => {
    await app?.close();
    await receiver?.close();
    await flappy?.close();
    await maintained?.close();
  });

  test('flapping inside the cooldown sends one down and one recovered; an outage lasting past it is announced', async () => {
    const slug = 'flappy';
    const flip = async (status: number) => {
      flappy.setStatus(status);
      await checkNow(api, slug);
      offset += MINUTE;
    };
    await flip(503); // down → alert
    await flip(200); // recovered
    await flip(503); // within 15 min of the last down: held back
    await flip(200); // never announced, so no recovery either
    await flip(503); // still cooling down
    assert.deepEqual((await deliveriesFor(app, slug)).map((row) => row.event_type), ['down', 'recovered']);
    const state = await app.context.db.pool.query(`SELECT alert_state->>'heldBack' AS held FROM integrations WHERE slug = $1`, [slug]);
    assert.equal(state.rows[0].held, 'cooldown');

    offset += 15 * MINUTE;
    await flip(503); // still down after the cooldown: the held-back outage goes out now
    assert.deepEqual((await deliveriesFor(app, slug)).map((row) => row.event_type), ['down', 'recovered', 'down']);
    await waitFor(() => received(slug).length === 3, 10_000, 'three webhooks');
    assert.deepEqual(received(slug), ['down', 'recovered', 'down']);
  });

  test('a reminder goes out with the first failing result an hour after the down alert, then recovery', async () => {
    const slug = 'flappy';
    offset += 30 * MINUTE;
    await checkNow(api, slug); // 30 min after the down alert: no reminder yet
    offset += 31 * MINUTE;
    await checkNow(api, slug); // 61 min: reminder
    flappy.setStatus(200);
    await checkNow(api, slug);
    await waitFor(() => received(slug).length === 5, 10_000, 'the reminder and the recovery');
    assert.deepEqual(received(slug), ['down', 'recovered', 'down', 'reminder', 'recovered']);
  });

  test('inside a maintenance window the integration shows maintenance and failures send nothing', async () => {
    const slug = 'maintained';
    offset += 5 * MINUTE; // up for a while before the window starts
    const now = clock();
    const created = await api.post('/api/v1/maintenance-windows', {
      name: 'DB upgrade',
      kind: 'once',
      tags: ['db'],
      startsAt: new Date(now.getTime() - MINUTE).toISOString(),
      endsAt: new Date(now.getTime() + 30 * MINUTE).toISOString(),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.window.activeNow, true);
    // Applied at once, without waiting for a result or the minute's maintenance run.
    assert.equal((await api.get(`/api/v1/integrations/${slug}`)).body.integration.status, 'maintenance');

    maintained.setStatus(503);
    assert.equal(await checkNow(api, slug), 'down');
    assert.equal(await checkNow(api, slug), 'down');
    const integration = (await api.get(`/api/v1/integrations/${slug}`)).body.integration;
    assert.equal(integration.status, 'maintenance');
    assert.deepEqual(await deliveriesFor(app, slug), []);
    const changes = await statusChangesFor(app, slug);
    assert.deepEqual(changes.map((change) => `${change.from_status}→${change.to_status}`), ['unknown→up', 'up→maintenance']);
    // Excluded time starts when the window did (it began a minute before it was created).
    assert.equal(changes[1]!.at.getTime(), now.getTime() - MINUTE);
  });

  test('when the window ends while still failing, the next result sends the down alert', async () => {
    const slug = 'maintained';
    offset += 31 * MINUTE;
    assert.equal(await checkNow(api, slug), 'down');
    assert.equal((await api.get(`/api/v1/integrations/${slug}`)).body.integration.status, 'down');
    assert.deepEqual((await deliveriesFor(app, slug)).map((row) => row.event_type), ['down']);
    await waitFor(() => received(slug).includes('down'), 10_000, 'the down webhook');
    const changes = await statusChangesFor(app, slug);
    assert.deepEqual(changes.map((change) => `${change.from_status}→${change.to_status}`).slice(1), ['up→maintenance', 'maintenance→down']);
  });

  test('a window ending with no new result flips the status back in the maintenance run and publishes the change', async () => {
    const slug = 'maintained';
    const now = clock();
    const created = await api.post('/api/v1/maintenance-windows', {
      name: 'Weekly patching',
      kind: 'weekly',
      integration: slug,
      daysOfWeek: [0, 1, 2, 3, 4, 5, 6],
      startTime: `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`,
      durationMinutes: 10,
      timeZone: 'UTC',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await api.get(`/api/v1/integrations/${slug}`)).body.integration.status, 'maintenance');

    const events: AppEvent[] = [];
    const unsubscribe = app.context.bus.subscribe((event) => events.push(event));
    try {
      offset += 11 * MINUTE;
      await runMaintenanceTask(app.context, 'maintenance-windows');
      assert.equal((await api.get(`/api/v1/integrations/${slug}`)).body.integration.status, 'down');
      const event = await waitFor(() => events.find((e) => e.type === 'status.changed' && e.slug === slug), 5000, 'the status.changed event');
      assert.deepEqual([event.type === 'status.changed' && event.from, event.type === 'status.changed' && event.to], ['maintenance', 'down']);
    } finally {
      unsubscribe();
    }
    const last = (await statusChangesFor(app, slug)).at(-1)!;
    assert.equal(`${last.from_status}→${last.to_status}`, 'maintenance→down');
    assert.equal(last.cause, 'maintenance window ended');
  });
});
