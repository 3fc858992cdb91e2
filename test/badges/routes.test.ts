import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { FakeBadgeData, subject } from './fake-data-source.ts';
import { assertWellFormedSvg } from './xml-well-formed.ts';
import { badgeApp, badgeTitle, getText, HEX } from './helpers.ts';

describe('badge routes', () => {
  test('the status badge is well-formed SVG that names the current status', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    const { response, body } = await getText(app, '/api/status.svg');
    assert.equal(response.status, 200);
    assertWellFormedSvg(body);
    assert.equal(badgeTitle(body), 'status: up');
    assert.ok(body.includes(HEX.brightgreen));
  });

  test('a status change changes the message, the colour and the ETag', async () => {
    const data = new FakeBadgeData([subject('api')]);
    const app = badgeApp(data);
    const before = await getText(app, '/api/status.svg');
    data.update('api', { status: 'down' });
    const after = await getText(app, '/api/status.svg');
    assert.equal(badgeTitle(after.body), 'status: down');
    assert.ok(after.body.includes(HEX.red));
    assert.ok(!after.body.includes(HEX.brightgreen));
    assert.notEqual(after.response.headers.get('ETag'), before.response.headers.get('ETag'));
  });

  test('a matching If-None-Match gets 304 without a body, in strong, weak and list forms', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    const first = await app.request('/api/status.svg');
    const etag = first.headers.get('ETag');
    assert.ok(etag && /^"[^"]+"$/.test(etag), `strong ETag expected, got ${etag}`);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await app.request('/api/status.svg', { headers: { 'If-None-Match': header } });
      assert.equal(again.status, 304, header);
      assert.equal(await again.text(), '');
      assert.equal(again.headers.get('ETag'), etag);
      assert.equal(again.headers.get('Cache-Control'), first.headers.get('Cache-Control'));
    }
    const stale = await app.request('/api/status.svg', { headers: { 'If-None-Match': '"stale"' } });
    assert.equal(stale.status, 200);
  });

  test('badges carry SVG content type, cache, CORS and nosniff headers', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]), { cacheMaxAgeSeconds: 45 });
    const response = await app.request('/api/status.svg');
    assert.equal(response.headers.get('Content-Type'), 'image/svg+xml; charset=utf-8');
    assert.equal(response.headers.get('Cache-Control'), 'max-age=45, s-maxage=45');
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
    assert.match(response.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/);
  });

  test('the uptime badge shows the window in its label and floors to two decimals', async () => {
    const data = new FakeBadgeData([subject('api')]);
    data.uptime.set('api:30d', 0.99959);
    data.uptime.set('api:7d', 0.9712);
    const app = badgeApp(data);
    const byDefault = await getText(app, '/api/uptime.svg');
    assertWellFormedSvg(byDefault.body);
    assert.equal(badgeTitle(byDefault.body), 'uptime 30d: 99.95%');
    assert.ok(byDefault.body.includes(HEX.brightgreen));
    const week = await getText(app, '/api/uptime.svg?window=7d');
    assert.equal(badgeTitle(week.body), 'uptime 7d: 97.1%');
    const noData = await getText(app, '/api/uptime.svg?window=1y');
    assert.equal(badgeTitle(noData.body), 'uptime 1y: no data');
  });

  test('the latency badge names percentile and window and switches to seconds above 1000 ms', async () => {
    const data = new FakeBadgeData([subject('api')]);
    data.latency.set('api:95:24h', 123.4);
    data.latency.set('api:99:7d', 1234);
    const app = badgeApp(data);
    assert.equal(badgeTitle((await getText(app, '/api/latency.svg')).body), 'p95 24h: 123 ms');
    assert.equal(badgeTitle((await getText(app, '/api/latency.svg?p=99&window=7d')).body), 'p99 7d: 1.2 s');
  });

  test('the certificate badge shows days left and "expired" once past', async () => {
    const data = new FakeBadgeData([subject('api', { certificateDaysRemaining: 45 })]);
    const app = badgeApp(data);
    const { body } = await getText(app, '/api/cert.svg');
    assert.equal(badgeTitle(body), 'certificate: 45 days');
    assert.ok(body.includes(HEX.brightgreen));
    data.update('api', { certificateDaysRemaining: -2 });
    const expired = await getText(app, '/api/cert.svg');
    assert.equal(badgeTitle(expired.body), 'certificate: expired');
    assert.ok(expired.body.includes(HEX.red));
  });

  test('a window outside the list is a 400 that names the allowed values', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    for (const url of ['/api/uptime.svg?window=2d', '/api/latency.svg?window=forever', '/api/shields.json?metric=uptime&window=1h']) {
      const response = await app.request(url);
      assert.equal(response.status, 400, url);
      assert.deepEqual(await response.json(), {
        error: {
          code: 'invalid_query',
          message: 'Invalid badge query: window must be one of 24h, 7d, 30d, 90d, 1y',
          issues: [{ path: ['window'], message: 'must be one of 24h, 7d, 30d, 90d, 1y' }],
        },
      });
    }
  });

  test('a percentile outside the list is a 400 that names 50, 95 and 99', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    const response = await app.request('/api/latency.svg?p=90');
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { issues: unknown[] } };
    assert.deepEqual(body.error.issues, [{ path: ['p'], message: 'must be one of 50, 95, 99' }]);
  });

  test('colours must be shields names or hex, with or without #; style must be a shields style', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    for (const ok of ['blue', 'gray', '#abc', 'abc', '#AABBCC', 'aabbcc']) {
      assert.equal((await app.request(`/api/status.svg?color=${encodeURIComponent(ok)}`)).status, 200, ok);
    }
    const custom = await getText(app, '/api/status.svg?color=blue&labelColor=%23123456');
    assert.ok(custom.body.includes(HEX.blue) && custom.body.includes('#123456'));
    for (const bad of ['color=url(javascript:x)', 'color=%23abcd', 'labelColor=rgb(1,2,3)', 'style=3d']) {
      const response = await app.request(`/api/status.svg?${bad}`);
      assert.equal(response.status, 400, bad);
      const body = (await response.json()) as { error: { code: string; issues: { path: string[] }[] } };
      assert.equal(body.error.code, 'invalid_query');
      assert.equal(body.error.issues[0]?.path[0], bad.split('=')[0]);
    }
  });

  test('every shields style renders well-formed SVG', async () => {
    const app = badgeApp(new FakeBadgeData([subject('api')]));
    for (const style of ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social']) {
      const { response, body } = await getText(app, `/api/status.svg?style=${style}`);
      assert.equal(response.status, 200);
      assertWellFormedSvg(body);
    }
  });

  test('shields.json follows the endpoint schema and adds style and namedLogo only when given', async () => {
    const data = new FakeBadgeData([subject('api', { status: 'degraded' })]);
    data.uptime.set('api:30d', 0.95);
    const app = badgeApp(data);
    const plain = await app.request('/api/shields.json');
    assert.equal(plain.headers.get('Content-Type'), 'application/json; charset=utf-8');
    assert.ok(plain.headers.get('ETag'));
    assert.deepEqual(await plain.json(), { schemaVersion: 1, label: 'status', message: 'degraded', color: 'yellow' });
    const dressed = await app.request('/api/shields.json?metric=uptime&style=for-the-badge&logo=GitHub&label=Uptime');
    assert.deepEqual(await dressed.json(), {
      schemaVersion: 1,
      label: 'Uptime',
      message: '95.0%',
      color: 'yellow',
      style: 'for-the-badge',
      namedLogo: 'github',
    });
    assert.equal((await app.request('/api/shields.json?metric=bogus')).status, 400);
  });

  test('aggregates show the worst status of the group, overall and per tag', async () => {
    const data = new FakeBadgeData([
      subject('a', { status: 'up', tags: ['core'] }),
      subject('b', { status: 'degraded', tags: ['core', 'mail'] }),
      subject('c', { status: 'down', tags: ['Billing'] }),
    ]);
    const app = badgeApp(data);
    assert.equal(badgeTitle((await getText(app, '/all/status.svg')).body), 'status: down');
    assert.equal(badgeTitle((await getText(app, '/tag/core/status.svg')).body), 'status: degraded');
    assert.equal(badgeTitle((await getText(app, '/tag/billing/status.svg')).body), 'status: down');
    data.update('c', { status: 'up' });
    data.update('b', { status: 'up' });
    const allUp = await getText(app, '/all/status.svg?label=services');
    assertWellFormedSvg(allUp.body);
    assert.equal(badgeTitle(allUp.body), 'services: up');
  });

  test('a paused member does not repaint its group, but an all-paused group reads paused', async () => {
    const data = new FakeBadgeData([subject('a', { tags: ['t'] }), subject('b', { status: 'paused', tags: ['t'] })]);
    const app = badgeApp(data);
    assert.equal(badgeTitle((await getText(app, '/tag/t/status.svg')).body), 'status: up');
    data.update('a', { status: 'paused' });
    assert.equal(badgeTitle((await getText(app, '/tag/t/status.svg')).body), 'status: paused');
  });

  test('mounted at /badge in an app behind a real HTTP server, badges and 304s work end to end', async () => {
    const app = new Hono();
    app.route('/badge', badgeApp(new FakeBadgeData([subject('api')])));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      const first = await fetch(`http://127.0.0.1:${port}/badge/api/status.svg?utm_source=readme`);
      const body = await first.text();
      assert.equal(first.status, 200);
      assert.equal(badgeTitle(body), 'status: up');
      const etag = first.headers.get('ETag') ?? '';
      const second = await fetch(`http://127.0.0.1:${port}/badge/api/status.svg`, { headers: { 'If-None-Match': etag } });
      assert.equal(second.status, 304);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
