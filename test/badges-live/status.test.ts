/**
 * Badges through a real instance over real HTTP: what they say, how fast they follow a stored
 * result, their headers and conditional GETs through the app's middleware, and privacy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { signBadge } from '../../src/badges/index.ts';
import { startTestApp, testSecretKey, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { createHttpIntegration, getBadge, HEX, measureBadgeChange, pollBadge, type Api } from './helpers.ts';

let app: TestApp;
let api: Api;
let healthy: SwitchableTarget;
let failing: SwitchableTarget;

before(async () => {
  healthy = await startSwitchableTarget();
  failing = await startSwitchableTarget();
  failing.setStatus(503);
  app = await startTestApp({ env: { MANUAL_CHECK_COOLDOWN_SECONDS: '0', CHECK_INTERVAL_SECONDS: '3600', CHECK_MAX_INTERVAL_SECONDS: '3600' } });
  api = apiClient(app.url);
  await createHttpIntegration(api, { slug: 'web-api', url: healthy.url, public: true, tags: ['web'] });
  await createHttpIntegration(api, { slug: 'secret-api', url: failing.url, public: false, tags: ['web'] });
  await createHttpIntegration(api, { slug: 'db-api', url: failing.url, public: true, tags: ['db'] });
  for (const [slug, status] of [['web-api', 'up'], ['secret-api', 'down'], ['db-api', 'down']]) {
    await waitFor(async () => (await api.get(`/api/v1/integrations/${slug}`)).body.integration.status === status, 15_000, `${slug} ${status}`);
  }
});

after(async () => {
  await app?.close();
  await healthy?.close();
  await failing?.close();
});

describe('what a badge says', () => {
  test('a public integration’s status badge shows its status in its colour', async () => {
    const up = await getBadge(app.url, '/badge/web-api/status.svg');
    assert.equal(up.status, 200);
    assert.equal(up.title, 'status: up');
    assert.equal(up.color, HEX.brightgreen);
    const down = await getBadge(app.url, '/badge/db-api/status.svg');
    assert.equal(down.title, 'status: down');
    assert.equal(down.color, HEX.red);
  });

  test('label and style come from the query, and unknown parameters are ignored', async () => {
    const badge = await getBadge(app.url, '/badge/web-api/status.svg?label=billing&style=flat-square&utm_source=readme');
    assert.equal(badge.title, 'billing: up');
    assert.match(badge.body, /shape-rendering="crispEdges"/);
  });

  test('the aggregates show the worst status of the public integrations only', async () => {
    assert.equal((await getBadge(app.url, '/badge/all/status.svg')).title, 'status: down');
    // secret-api is down and tagged "web", but private: it must not count.
    assert.equal((await getBadge(app.url, '/badge/tag/web/status.svg')).title, 'status: up');
    assert.equal((await getBadge(app.url, '/badge/tag/db/status.svg')).title, 'status: down');
  });

  test('uptime and latency badges show figures from the stored history', async () => {
    const uptime = await getBadge(app.url, '/badge/web-api/uptime.svg?window=24h');
    assert.equal(uptime.title, 'uptime 24h: 100%');
    assert.equal(uptime.color, HEX.brightgreen);
    const latency = await getBadge(app.url, '/badge/web-api/latency.svg?p=99&window=24h');
    assert.match(latency.title, /^p99 24h: \d+ ms$/);
    const down = await getBadge(app.url, '/badge/db-api/uptime.svg?window=7d');
    assert.equal(down.title, 'uptime 7d: 0.0%');
  });

  test('a certificate badge of an integration without TLS data says unknown', async () => {
    assert.equal((await getBadge(app.url, '/badge/web-api/cert.svg')).title, 'certificate: unknown');
  });
});

describe('headers through the app’s middleware over real HTTP', () => {
  test('a badge carries its own content type, CORS, nosniff, cache and CSP headers', async () => {
    const badge = await getBadge(app.url, '/badge/web-api/status.svg', { 'accept-encoding': 'gzip, deflate, br' });
    const header = (name: string) => badge.headers.get(name);
    assert.equal(header('content-type'), 'image/svg+xml; charset=utf-8');
    assert.equal(header('access-control-allow-origin'), '*');
    assert.equal(header('x-content-type-options'), 'nosniff');
    assert.equal(header('cache-control'), 'max-age=30, s-maxage=30');
    assert.match(header('etag') ?? '', /^"[\w-]{20,}"$/, 'a strong ETag');
    // The badge's own CSP, not the page CSP (which would allow 'self' scripts and forbid framing).
    assert.equal(header('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    assert.equal(header('x-frame-options'), null);
    assert.equal(header('content-encoding'), null, 'badges are sent uncompressed, so their ETag stays strong');
  });

  test('pages keep the app-wide security headers', async () => {
    const response = await fetch(`${app.url}/healthz`);
    await response.text();
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  for (const encoding of ['identity', 'gzip']) {
    test(`If-None-Match with the current ETag answers 304 without a body (Accept-Encoding: ${encoding})`, async () => {
      const first = await fetch(`${app.url}/badge/web-api/status.svg`, { headers: { 'accept-encoding': encoding } });
      await first.text();
      const etag = first.headers.get('etag');
      assert.ok(etag);
      for (const candidate of [etag, `W/${etag}`, `"something-else", ${etag}`]) {
        const again = await fetch(`${app.url}/badge/web-api/status.svg`, { headers: { 'accept-encoding': encoding, 'if-none-match': candidate } });
        assert.equal(again.status, 304, `If-None-Match: ${candidate}`);
        assert.equal(await again.text(), '');
        assert.equal(again.headers.get('etag'), etag);
        assert.equal(again.headers.get('access-control-allow-origin'), '*');
        assert.equal(again.headers.get('cache-control'), 'max-age=30, s-maxage=30');
      }
      const stale = await fetch(`${app.url}/badge/web-api/status.svg`, { headers: { 'accept-encoding': encoding, 'if-none-match': '"stale"' } });
      assert.equal(stale.status, 200);
      assert.match(await stale.text(), /<svg/);
    });
  }

  test('a bad query answers 400 JSON that still allows any origin', async () => {
    const response = await fetch(`${app.url}/badge/web-api/uptime.svg?window=2d`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(await response.text(), /window/);
  });
});

describe('privacy', () => {
  test('a private integration’s badge is byte-identical to an unknown slug’s grey badge', async () => {
    const unknown = await getBadge(app.url, '/badge/no-such-integration/status.svg');
    const hidden = await getBadge(app.url, '/badge/secret-api/status.svg');
    const badSignature = await getBadge(app.url, `/badge/secret-api/status.svg?sig=${signBadge(testSecretKey, 'secret-api', 'uptime')}`);
    assert.equal(unknown.status, 200);
    assert.equal(unknown.title, 'status: unknown');
    assert.equal(unknown.color, HEX.lightgrey);
    for (const other of [hidden, badSignature]) {
      assert.equal(other.status, 200);
      assert.equal(other.body, unknown.body);
      assert.equal(other.headers.get('etag'), unknown.headers.get('etag'));
      assert.equal(other.headers.get('cache-control'), unknown.headers.get('cache-control'));
    }
  });

  test('a signed URL from the detail page’s snippets shows the private integration’s real status', async () => {
    const snippets = app.context.badges.embedSnippets({ slug: 'secret-api', isPublic: false }, app.url);
    const status = snippets.find((snippet) => snippet.metric === 'status');
    assert.ok(status);
    assert.ok(status.svgUrl.startsWith(`${app.url}/badge/secret-api/status.svg?sig=`));
    assert.ok(status.svgUrl.endsWith(signBadge(testSecretKey, 'secret-api', 'status')));
    const badge = await getBadge(status.svgUrl, '');
    assert.equal(badge.title, 'status: down');
    assert.equal(badge.color, HEX.red);
    const json = await (await fetch(status.shieldsJsonUrl)).json();
    assert.deepEqual(json, { schemaVersion: 1, label: 'status', message: 'down', color: 'red' });
    assert.equal(status.markdown, `![status](${status.svgUrl})`);
    assert.equal(status.html, `<img src="${status.svgUrl}" alt="status">`);
  });

  test('public integrations get plain URLs without a signature', () => {
    const snippets = app.context.badges.embedSnippets({ slug: 'web-api', isPublic: true }, app.url);
    assert.deepEqual(
      snippets.map((snippet) => snippet.svgUrl),
      ['status', 'uptime', 'latency', 'cert'].map((metric) => `${app.url}/badge/web-api/${metric}.svg`),
    );
  });
});

describe('freshness: a stored change reaches the badge within 1 s', () => {
  test('a failing result turns the badge red within 1 s of being stored', async (t) => {
    healthy.setStatus(503);
    const { lagMs, badge } = await measureBadgeChange({ api, pool: app.context.db.pool, badgeBaseUrl: app.url, slug: 'web-api', badgePath: '/badge/web-api/status.svg', expectedTitle: 'status: down' });
    assert.equal(badge.color, HEX.red);
    t.diagnostic(`badge changed ${lagMs} ms after the result was stored (polled every 50 ms)`);
    assert.ok(lagMs <= 1000, `badge changed ${lagMs} ms after the result was stored`);
    assert.equal((await getBadge(app.url, '/badge/tag/web/status.svg')).title, 'status: down');
  });

  test('a passing result turns it green again within 1 s', async (t) => {
    healthy.setStatus(200);
    const { lagMs, badge } = await measureBadgeChange({ api, pool: app.context.db.pool, badgeBaseUrl: app.url, slug: 'web-api', badgePath: '/badge/web-api/status.svg', expectedTitle: 'status: up' });
    assert.equal(badge.color, HEX.brightgreen);
    t.diagnostic(`badge changed ${lagMs} ms after the result was stored (polled every 50 ms)`);
    assert.ok(lagMs <= 1000, `badge changed ${lagMs} ms after the result was stored`);
  });

  test('making an integration public opens its badge, making it private hides it, within 1 s', async () => {
    let started = Date.now();
    assert.equal((await api.patch('/api/v1/integrations/secret-api', { public: true })).status, 200);
    const opened = await pollBadge(app.url, '/badge/secret-api/status.svg', (b) => b.title === 'status: down');
    assert.ok(opened.seenAt - started <= 1000, `opened after ${opened.seenAt - started} ms`);

    started = Date.now();
    assert.equal((await api.patch('/api/v1/integrations/web-api', { public: false })).status, 200);
    const hidden = await pollBadge(app.url, '/badge/web-api/status.svg', (b) => b.title === 'status: unknown');
    assert.ok(hidden.seenAt - started <= 1000, `hidden after ${hidden.seenAt - started} ms`);
    assert.equal(hidden.badge.body, (await getBadge(app.url, '/badge/no-such-integration/status.svg')).body);
  });

  test('a deleted integration’s badge turns grey within 1 s', async () => {
    const started = Date.now();
    assert.equal((await api.delete('/api/v1/integrations/db-api')).status, 204);
    const gone = await pollBadge(app.url, '/badge/db-api/status.svg', (b) => b.title === 'status: unknown');
    assert.ok(gone.seenAt - started <= 1000, `grey after ${gone.seenAt - started} ms`);
    assert.equal(gone.badge.color, HEX.lightgrey);
  });
});
