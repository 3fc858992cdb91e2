import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, serverUrl } from '../helpers/database.ts';
import { openSocket } from './socket.ts';
import { createPushIntegration, type PushIntegration } from './fixtures.ts';
import pg from 'pg';

const reachable = await new pg.Client({ connectionString: serverUrl() }).connect().then(
  (client) => client.end().then(() => true),
  () => false,
);

describe('the WebSocket hub', { skip: reachable ? false : `PostgreSQL is not reachable at ${serverUrl()}` }, () => {
  let app: TestApp;
  let billing: PushIntegration;
  let crm: PushIntegration;

  before(async () => {
    app = await startTestApp();
    billing = await createPushIntegration(app.url, 'billing', { name: 'Billing', tags: ['payments'], public: true });
    crm = await createPushIntegration(app.url, 'crm', { name: 'CRM', tags: ['sales'] });
  });
  after(() => app.close());

  test('an API client gets a compact snapshot first, then a check and a status message per result', async () => {
    const socket = await openSocket(app.url, '/api/v1/events');
    const snapshot = JSON.parse(await socket.next((m) => m.includes('"snapshot"'), 'the snapshot'));
    assert.equal(snapshot.type, 'snapshot');
    const item = snapshot.integrations.find((entry: { slug: string }) => entry.slug === 'billing');
    assert.deepEqual(Object.keys(item).sort(), ['lastCheckedAt', 'latencyMs', 'since', 'slug', 'status']);
    assert.equal(item.status, 'unknown');
    await billing.ping('down', 120);
    const check = JSON.parse(await socket.next((m) => m.includes('"check"'), 'a check message'));
    assert.equal(check.slug, 'billing');
    assert.equal(check.status, 'down');
    assert.equal(check.latencyMs, 120);
    const status = JSON.parse(await socket.next((m) => m.includes('"type":"status"'), 'a status message'));
    assert.deepEqual({ slug: status.slug, from: status.from, to: status.to }, { slug: 'billing', from: 'unknown', to: 'down' });
    assert.ok(!Number.isNaN(Date.parse(status.at)));
    await socket.close();
  });

  test('clients only listen: a large frame from one closes its socket (1009) instead of being buffered', async () => {
    const socket = await openSocket(app.url, '/api/v1/events');
    const closed = new Promise<number>((resolve) => socket.socket.once('close', (code) => resolve(code)));
    socket.socket.send('x'.repeat(1024 * 1024));
    assert.equal(await closed, 1009);
  });

  test('a dashboard socket without a fresh page is sent the whole list on connect', async () => {
    const socket = await openSocket(app.url, '/ws?view=dashboard');
    const full = await socket.next((m) => m.includes('id="groups"'), 'the full list');
    assert.match(full, /<div id="groups"[^>]*hx-swap-oob="true"/);
    assert.match(full, /id="tile-billing"/);
    assert.match(full, /id="tile-crm"/);
    assert.match(full, /id="summary"[^>]*hx-swap-oob="true"/);
    await socket.close();
  });

  test('after a result, the dashboard gets the same row partial out-of-band, the counts and an announcement', async () => {
    const socket = await openSocket(app.url, `/ws?view=dashboard&rendered=${Date.now()}`);
    const start = socket.messages.length;
    await crm.ping('down', 80);
    const rows = await socket.next((m) => m.startsWith('<tr id="tile-crm"'), 'the crm row', 10_000, start);
    assert.match(rows, /^<tr id="tile-crm" class="tile s-down"[^>]*hx-swap-oob="true"/);
    const rest = await socket.next((m) => m.includes('id="announcer"'), 'the counts and the announcement', 10_000, start);
    assert.match(rest, /id="summary"[^>]*hx-swap-oob="true"/);
    assert.match(rest, /id="announcer" hx-swap-oob="innerHTML"><p>CRM is now Down \(was Unknown\)\.<\/p>/);
    assert.match(rest, /id="group-sales-head"[^>]*hx-swap-oob="true"/);
    await socket.close();
  });

  test('a page rendered moments ago is not sent its list again when nothing it shows changed', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const socket = await openSocket(app.url, `/ws?view=board&rendered=${Date.now()}`);
    assert.deepEqual(await socket.quiet(400), []);
    await socket.close();
  });

  test('a filtered dashboard drops a row that leaves the filter and gets one that joins it', async () => {
    const socket = await openSocket(app.url, '/ws?view=dashboard&status=down');
    await socket.next((m) => m.includes('id="groups"'), 'the full list');
    const start = socket.messages.length;
    await crm.ping('up');
    const removal = await socket.next((m) => m.includes('tile-crm'), 'the removal of crm', 10_000, start);
    assert.match(removal, /<tr id="tile-crm" hx-swap-oob="delete"><\/tr>/);
    const afterRemoval = socket.messages.length;
    await crm.ping('down');
    // Its group is gone from the page, so the list comes whole.
    const back = await socket.next((m) => m.includes('tile-crm'), 'crm back in the list', 10_000, afterRemoval);
    assert.match(back, /<div id="groups"[^>]*hx-swap-oob="true"/);
    await socket.close();
  });

  test('a row that joins a group the page already shows is appended to that group', async () => {
    const extra = await createPushIntegration(app.url, 'payouts', { name: 'Payouts', tags: ['payments'] });
    const socket = await openSocket(app.url, '/ws?view=dashboard&status=down');
    await socket.next((m) => m.includes('id="groups"'), 'the full list');
    const start = socket.messages.length;
    await extra.ping('down');
    const appended = await socket.next((m) => m.includes('tile-payouts'), 'payouts appended', 10_000, start);
    assert.match(appended, /^<tbody hx-swap-oob="beforeend:#group-payments-rows"><tr id="tile-payouts"/);
    await socket.close();
  });

  test('a burst of events is coalesced into one message that renders each tile once', async () => {
    const socket = await openSocket(app.url, `/ws?view=board&rendered=${Date.now() - 60_000}`);
    try {
      await socket.next((m) => m.includes('id="board-grid"'), 'the board');
      await socket.quiet(200);
      const start = socket.messages.length;
      // Fifty notifications arriving together, as after a busy second on several instances.
      const rows = await app.context.db.pool.query<{ id: number; slug: string }>("SELECT id, slug FROM integrations WHERE slug IN ('billing', 'crm')");
      for (let index = 0; index < 50; index += 1) {
        const row = rows.rows[index % rows.rows.length]!;
        const at = new Date().toISOString();
        app.context.bus.emit({ type: 'check.completed', integrationId: row.id, slug: row.slug, resultId: index, status: 'up', previousStatus: 'up', statusSince: at, at, latencyMs: index, message: 'ok', trigger: 'push', jobId: null });
      }
      await socket.next((m) => m.includes('btile-billing') && m.includes('btile-crm'), 'both tiles', 10_000, start);
      const burst = [...socket.messages.slice(start), ...(await socket.quiet(300))];
      assert.equal(burst.length, 1, `expected one message, got ${burst.length}`);
      assert.equal(burst[0]!.match(/id="btile-billing"/g)?.length, 1);
      assert.equal(burst[0]!.match(/id="btile-crm"/g)?.length, 1);
    } finally {
      await socket.close();
    }
  });

  test('a detail page gets its status block, the new check row and the status change', async () => {
    const socket = await openSocket(app.url, `/ws?view=detail&slug=billing&rendered=${Date.now() - 60_000}`);
    await socket.next((m) => m.includes('id="detail-status"'), 'the detail refresh');
    const start = socket.messages.length;
    await billing.ping('degraded', 900);
    const checks = await socket.next((m) => m.includes('#recent-checks-body'), 'the new check row', 10_000, start);
    assert.match(checks, /^<tbody hx-swap-oob="afterbegin:#recent-checks-body"><tr>/);
    assert.match(checks, /900 ms/);
    const status = await socket.next((m) => m.includes('id="detail-status"'), 'the status block', 10_000, start);
    assert.match(status, /class="detail-status s-degraded"/);
    await socket.close();
  });

  test('an embed socket carries public integrations only', async () => {
    const open = await openSocket(app.url, `/embed/billing/live`, {});
    assert.match(await open.next((m) => m.includes('embed-card'), 'the card'), /Billing/);
    const hidden = await openSocket(app.url, `/embed/crm/live`, {});
    const card = await hidden.next((m) => m.includes('embed-card'), 'the neutral card');
    assert.doesNotMatch(card, /CRM/);
    assert.match(card, /Status unavailable/);
    const start = hidden.messages.length;
    await crm.ping('down');
    for (const message of await hidden.quiet(500)) assert.doesNotMatch(message, /CRM/);
    assert.ok(hidden.messages.length >= start);
    await open.close();
    await hidden.close();
  });

  test('after the event listener reconnects, every client is brought up to date again', async () => {
    const page = await openSocket(app.url, `/ws?view=board&rendered=${Date.now()}`);
    const api = await openSocket(app.url, '/api/v1/events');
    await api.next((m) => m.includes('"snapshot"'), 'the first snapshot');
    const pageStart = page.messages.length;
    const apiStart = api.messages.length;
    app.context.bus.resync();
    await page.next((m) => m.includes('id="board-grid"'), 'the board again', 10_000, pageStart);
    await api.next((m) => m.includes('"snapshot"'), 'a second snapshot', 10_000, apiStart);
    await page.close();
    await api.close();
  });

  test('the hub reports how many clients it serves', async () => {
    assert.ok(app.context.realtimeStats, 'realtimeStats is set');
    const clients = () => app.context.realtimeStats!().clients;
    await waitFor(() => clients() === 0, 5_000, 'earlier sockets to be gone');
    const first = await openSocket(app.url, '/api/v1/events');
    const second = await openSocket(app.url, `/ws?view=board`);
    await first.next((m) => m.includes('snapshot'), 'the snapshot');
    assert.equal(clients(), 2);
    await first.close();
    await second.close();
    await waitFor(() => clients() === 0, 5_000, 'the count to drop to 0');
  });

  test('a bad page view is refused with 400 and a plain GET with 426', async () => {
    const bad = await fetch(`${app.url}/ws?view=nonsense`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
    assert.equal(bad.status, 400);
    const plain = await fetch(`${app.url}/api/v1/events`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
    assert.equal(plain.status, 426);
  });
});

describe('two instances on one database', { skip: reachable ? false : `PostgreSQL is not reachable at ${serverUrl()}` }, () => {
  test('a result stored through instance B reaches a page connected to instance A', async () => {
    const database = await createTestDatabase();
    const first = await startTestApp({ database });
    const second = await startTestApp({ database });
    try {
      const shared = await createPushIntegration(second.url, 'shared', { name: 'Shared' });
      const socket = await openSocket(first.url, `/ws?view=board&rendered=${Date.now() - 60_000}`);
      await socket.next((m) => m.includes('id="board-grid"'), 'the board from A');
      const start = socket.messages.length;
      await shared.ping('down');
      const update = await socket.next((m) => m.includes('btile-shared'), 'the tile via NOTIFY', 10_000, start);
      assert.match(update, /class="btile s-down/);
      await socket.close();
    } finally {
      await first.close();
      await second.close();
      await database.drop();
    }
  });
});
