import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { adminHeaders, apiClient } from '../helpers/api.ts';
import { serverUrl } from '../helpers/database.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { createPushIntegration } from '../realtime/fixtures.ts';
import { openSocket } from '../realtime/socket.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';

const reachable = await new pg.Client({ connectionString: serverUrl() }).connect().then(
  (client) => client.end().then(() => true),
  () => false,
);

async function page(app: TestApp, path: string, headers: Record<string, string> = adminHeaders) {
  const response = await fetch(`${app.url}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

describe('the pages', { skip: reachable ? false : `PostgreSQL is not reachable at ${serverUrl()}` }, () => {
  let app: TestApp;
  let target: SwitchableTarget;

  before(async () => {
    target = await startSwitchableTarget();
    app = await startTestApp();
    const api = apiClient(app.url);
    const stripe = await createPushIntegration(app.url, 'stripe', { name: 'Stripe', tags: ['payments'], public: true });
    const ledger = await createPushIntegration(app.url, 'ledger', { name: 'Ledger', tags: ['payments'] });
    const mail = await createPushIntegration(app.url, 'mail', { name: 'Mail <script>alert(1)</script>', tags: ['messaging'] });
    await createPushIntegration(app.url, 'paused-one', { name: 'Paused one', paused: true });
    await stripe.ping('up', 120);
    await ledger.ping('down', 30);
    await mail.ping('degraded', 2_500);
    const created = await api.post('/api/v1/integrations', {
      slug: 'crm',
      name: 'CRM',
      kind: 'http',
      intervalSeconds: 3600,
      config: { url: target.url, basicAuthUser: 'robot', basicAuthPassword: 'hunter2pass', secretHeaders: { authorization: 'Bearer s3cr3t-token-value' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await waitFor(async () => (await api.get('/api/v1/integrations/crm')).body.integration.lastCheckedAt, 15_000, 'the first check of crm');
  });
  after(async () => {
    await app.close();
    await target.close();
  });

  test('the root redirects to the dashboard', async () => {
    const response = await page(app, '/');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/integrations/health');
  });

  test('the dashboard lists every integration worst first inside tag groups, status as icon and text', async () => {
    const { status, html } = await page(app, '/integrations/health');
    assert.equal(status, 200);
    assert.match(html, /^<!DOCTYPE html>/);
    const order = [...html.matchAll(/<tr id="tile-([a-z0-9-]+)"/g)].map((match) => match[1]);
    assert.deepEqual(order, ['ledger', 'stripe', 'mail', 'paused-one', 'crm']);
    assert.match(html, /<section id="group-payments"[^>]*>/);
    assert.match(html, /<tr id="tile-ledger" class="tile s-down"[\s\S]*?<svg class="icon"[\s\S]*?<span class="pill-text">Down<\/span>/);
    assert.match(html, /<li class="count s-down"><a href="\/integrations\/health\?status=down"><span class="count-icon">[\s\S]*?<strong>1<\/strong> Down/);
    assert.match(html, /<main id="main">/);
    assert.match(html, /aria-live="polite"/);
  });

  test('names are escaped, and pages carry no inline script or inline event handler', async () => {
    for (const path of ['/integrations/health', '/board', '/integrations/mail', '/embed/stripe']) {
      const { html } = await page(app, path);
      assert.doesNotMatch(html, /<script>alert/);
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `inline script in ${path}`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `inline handler in ${path}`);
    }
    assert.match((await page(app, '/integrations/health')).html, /Mail &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('filters live in the URL: a status filter narrows the rows, the counts stay whole', async () => {
    const { html } = await page(app, '/integrations/health?tag=payments&status=down');
    assert.deepEqual([...html.matchAll(/<tr id="tile-([a-z0-9-]+)"/g)].map((match) => match[1]), ['ledger']);
    assert.match(html, /<strong>2<\/strong> total/);
    assert.match(html, /href="\/integrations\/health\?tag=payments" aria-current="true"/);
    assert.match(html, /<option value="payments" selected="">payments<\/option>/);
    assert.match(html, /ws-connect="\/ws\?view=dashboard&amp;tag=payments&amp;status=down&amp;rendered=\d+"/);
  });

  test('the first load of the dashboard (HTML, CSS, JS) stays under 100 KB uncompressed', async () => {
    const { html } = await page(app, '/integrations/health');
    const assets = [...html.matchAll(/(?:src|href)="(\/public\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    let total = Buffer.byteLength(html);
    for (const asset of assets) total += (await (await fetch(`${app.url}${asset}`)).arrayBuffer()).byteLength;
    assert.ok(assets.some((asset) => asset.includes('htmx')), 'htmx is counted');
    assert.ok(total <= 100 * 1024, `first load is ${total} bytes`);
  });

  test('pages are compressed for browsers that accept it', async () => {
    const response = await fetch(`${app.url}/integrations/health`, { headers: { ...adminHeaders, 'accept-encoding': 'gzip' } });
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    // fetch decompresses transparently: the body arriving intact proves the encoding was valid.
    assert.match(await response.text(), /tile-stripe/);
  });

  test('the detail page shows history and configuration, with secrets masked', async () => {
    const { status, html } = await page(app, '/integrations/crm');
    assert.equal(status, 200);
    assert.match(html, /id="detail-status"/);
    assert.match(html, /id="latency-chart" class="chart" data-slug="crm"/);
    assert.match(html, /<script src="\/public\/vendor\/uplot-1\.6\.32\.min\.js" defer=""><\/script>/);
    assert.match(html, /id="recent-checks-body"/);
    assert.match(html, /secretHeaders<\/dt><dd><code>•••••• \(set\)<\/code>/);
    assert.doesNotMatch(html, /s3cr3t-token-value/);
    assert.doesNotMatch(html, /hunter2pass/);
    assert.match(html, /basicAuthPassword<\/dt><dd><code>•••••• \(set\)<\/code>/);
    assert.match(html, /basicAuthUser<\/dt><dd><code>robot<\/code>/);
  });

  test('an unknown integration gets a readable 404 page', async () => {
    const { status, html } = await page(app, '/integrations/no-such-thing');
    assert.equal(status, 404);
    assert.match(html, /There is no integration &quot;no-such-thing&quot;|There is no integration "no-such-thing"/);
  });

  test('older checks are paged, and the paged view is not live-appended', async () => {
    const stripe = await createPushIntegration(app.url, 'busy', { name: 'Busy' });
    for (let index = 0; index < 23; index += 1) await stripe.ping('up', index);
    const first = await page(app, '/integrations/busy');
    assert.equal([...first.html.matchAll(/<td class="c-num" data-label="Latency">\d+ ms<\/td>/g)].length, 20);
    assert.match(first.html, /href="\/integrations\/busy\?page=2"/);
    const second = await page(app, '/integrations/busy?page=2');
    assert.equal([...second.html.matchAll(/<td class="c-num" data-label="Latency">\d+ ms<\/td>/g)].length, 3);
    assert.doesNotMatch(second.html, /id="recent-checks-body"/);
    assert.match(second.html, /checks=paged/);
  });

  test('chart data: raw points over 24 h, hourly P50/P95/P99 over 7 d', async () => {
    const raw = await (await fetch(`${app.url}/integrations/busy/chart?window=24h`, { headers: adminHeaders })).json();
    assert.equal(raw.kind, 'raw');
    assert.equal(raw.t.length, 23);
    assert.equal(raw.latency.length, 23);
    assert.equal(raw.failed.length, 23);
    const hourly = await (await fetch(`${app.url}/integrations/busy/chart?window=7d`, { headers: adminHeaders })).json();
    assert.equal(hourly.kind, 'hourly');
    assert.equal(hourly.t.length, 168);
    assert.equal(hourly.p99.length, 168);
    assert.ok(hourly.p50.at(-1) !== null, 'the current hour has a median');
  });

  test('the board is dark, full screen, filterable by tag', async () => {
    const { status, html } = await page(app, '/board?tag=payments');
    assert.equal(status, 200);
    assert.match(html, /<body class="board"/);
    assert.match(html, /href="\/public\/board\.css"/);
    assert.deepEqual([...html.matchAll(/id="btile-([a-z0-9-]+)"/g)].map((match) => match[1]), ['ledger', 'stripe']);
    assert.match(html, /ws-connect="\/ws\?view=board&amp;tag=payments&amp;rendered=\d+"/);
    assert.match(html, /id="conn-banner"[^>]*hidden/);
    assert.doesNotMatch(html, /aria-live/);
  });

  test('a kiosk link opens the board, and the board keeps the link for its live socket', async () => {
    const { token } = await createApiToken(app.context, { name: 'Lobby TV', scope: 'kiosk', tag: 'payments' });
    const board = await page(app, `/board?tag=payments&token=${token}`, {});
    assert.equal(board.status, 200);
    const wsPath = board.html.match(/ws-connect="([^"]+)"/)![1]!.replaceAll('&amp;', '&');
    assert.ok(wsPath.includes(`token=${token}`));
    const socket = await openSocket(app.url, wsPath.replace(/rendered=\d+/, 'rendered=0'), {});
    assert.match(await socket.next((m) => m.includes('board-grid'), 'the board list'), /btile-ledger/);
    await socket.close();
    assert.equal((await page(app, `/integrations/health?token=${token}`, {})).status === 200, false);
  });

  test('the embed card shows a public integration and may be framed, alone among pages', async () => {
    const embed = await page(app, '/embed/stripe?theme=dark', {});
    assert.equal(embed.status, 200);
    assert.match(embed.html, /class="embed theme-dark"/);
    assert.match(embed.html, /<div class="embed-title integration-name">Stripe<\/div>/);
    assert.equal(embed.headers.get('x-frame-options'), null);
    assert.match(embed.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
    const dashboard = await page(app, '/integrations/health');
    assert.equal(dashboard.headers.get('x-frame-options'), 'DENY');
    assert.match(dashboard.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  test('the embed card of a private or unknown integration is the same neutral card', async () => {
    const privateCard = await page(app, '/embed/ledger', {});
    const unknownCard = await page(app, '/embed/does-not-exist', {});
    assert.equal(privateCard.status, 200);
    assert.doesNotMatch(privateCard.html, /Ledger/);
    const card = (html: string) => html.match(/<main>[\s\S]*<\/main>/)?.[0];
    assert.equal(card(privateCard.html), card(unknownCard.html));
    assert.doesNotMatch(privateCard.html, /ws-connect/);
  });
});

describe('the Check now fragment', { skip: reachable ? false : `PostgreSQL is not reachable at ${serverUrl()}` }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    await createPushIntegration(app.url, 'billing', { name: 'Billing' });
    await createPushIntegration(app.url, 'sleepy', { name: 'Sleepy', paused: true });
  });
  after(() => app.close());

  const post = (path: string) => fetch(`${app.url}${path}`, { method: 'POST', headers: adminHeaders });

  test('a first click answers 202 with the pending control and the job it waits for', async () => {
    const response = await post('/integrations/billing/check');
    assert.equal(response.status, 202);
    const html = await response.text();
    assert.match(html, /^<span class="check-now" data-pending-job="[0-9a-f-]{36}">/);
    assert.match(html, /disabled=""/);
    assert.match(html, /Checking…/);
  });

  test('a second click within the cooldown answers 429 with the wait, inline, and Retry-After', async () => {
    const response = await post('/integrations/billing/check');
    assert.equal(response.status, 429);
    const seconds = Number(response.headers.get('retry-after'));
    assert.ok(seconds > 0 && seconds <= 60, `Retry-After ${seconds}`);
    const html = await response.text();
    assert.match(html, new RegExp(`Next manual check in ${seconds} s`));
    assert.match(html, /hx-post="\/integrations\/billing\/check"/);
  });

  test('a paused integration answers 409 with an inline explanation', async () => {
    const response = await post('/integrations/sleepy/check');
    assert.equal(response.status, 409);
    assert.match(await response.text(), /Paused: resume it to check it\./);
  });

  test('an unknown integration answers 404 with an inline message', async () => {
    const response = await post('/integrations/ghost/check');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /no longer exists/);
  });
});
