import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BADGE_CACHE_ENTRIES, LruCache, type CachedBadge } from '../../src/badges/cache.ts';
import { FakeBadgeData, subject } from './fake-data-source.ts';
import { badgeApp, badgeTitle, getText } from './helpers.ts';

describe('badge cache', () => {
  test('the cache stays bounded after 10,000 distinct label values', async () => {
    const cache = new LruCache<CachedBadge>();
    const app = badgeApp(new FakeBadgeData([subject('api')]), { cache });
    for (let i = 0; i < 10_000; i += 1) {
      const response = await app.request(`/api/status.svg?label=l${i}`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    }
    assert.equal(cache.size, DEFAULT_BADGE_CACHE_ENTRIES);
    // The newest labels are still served from the cache; the oldest were evicted.
    const before = cache.stats();
    await app.request('/api/status.svg?label=l9999');
    assert.equal(cache.stats().hits, before.hits + 1);
    await app.request('/api/status.svg?label=l0');
    assert.equal(cache.stats().misses, before.misses + 1);
    assert.ok(cache.size <= DEFAULT_BADGE_CACHE_ENTRIES);
  });

  test('unknown query parameters hit the same cache entry', async () => {
    const cache = new LruCache<CachedBadge>(100);
    const data = new FakeBadgeData([subject('api')]);
    data.uptime.set('api:7d', 0.999);
    const app = badgeApp(data, { cache });
    const first = await getText(app, '/api/uptime.svg?window=7d&style=flat');
    for (const junk of ['utm_source=readme', 'cachebust=1', 'cachebust=2&x=y', 'window2=1y']) {
      const again = await getText(app, `/api/uptime.svg?window=7d&style=flat&${junk}`);
      assert.equal(again.body, first.body);
    }
    assert.equal(data.uptimeCalls, 1);
    assert.equal(cache.size, 1);
  });

  test('equivalent spellings share one entry: colour aliases, hex case, default style and window', async () => {
    const cache = new LruCache<CachedBadge>(100);
    const data = new FakeBadgeData([subject('api')]);
    data.uptime.set('api:30d', 0.98);
    const app = badgeApp(data, { cache });
    for (const query of ['color=gray', 'color=grey&style=flat', 'color=GREY&window=30d']) {
      await app.request(`/api/uptime.svg?${query}`);
    }
    for (const query of ['labelColor=ABC', 'labelColor=%23abc', 'labelColor=%23ABC']) {
      await app.request(`/api/status.svg?${query}`);
    }
    assert.equal(cache.size, 2);
    assert.equal(data.uptimeCalls, 1);
  });

  test('uptime badges are queried again once cacheMaxAgeSeconds have passed on the injected clock', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const data = new FakeBadgeData([subject('api')]);
    data.uptime.set('api:30d', 0.9);
    const app = badgeApp(data, { cacheMaxAgeSeconds: 30, now: () => now });
    await app.request('/api/uptime.svg');
    data.uptime.set('api:30d', 0.999);
    now = new Date(now.getTime() + 29_000);
    assert.equal(badgeTitle((await getText(app, '/api/uptime.svg')).body), 'uptime 30d: 90.0%');
    now = new Date(now.getTime() + 1_000);
    assert.equal(badgeTitle((await getText(app, '/api/uptime.svg')).body), 'uptime 30d: 99.90%');
    assert.equal(data.uptimeCalls, 2);
  });

  test('concurrent requests for the same uptime badge share one data-source query', async () => {
    const data = new FakeBadgeData([subject('api')]);
    data.uptime.set('api:24h', 1);
    const app = badgeApp(data);
    const responses = await Promise.all(Array.from({ length: 20 }, () => getText(app, '/api/uptime.svg?window=24h')));
    assert.ok(responses.every((r) => badgeTitle(r.body) === 'uptime 24h: 100%'));
    assert.equal(data.uptimeCalls, 1);
  });

  test('a data-source failure gives the grey badge, is reported, and is not cached', async () => {
    const data = new FakeBadgeData([subject('api')]);
    data.latency.set('api:95:24h', 80);
    const reported: unknown[] = [];
    const app = badgeApp(data, { onError: (error, context) => reported.push({ error, context }) });
    data.failWith = new Error('database unreachable');
    const failed = await getText(app, '/api/latency.svg');
    assert.equal(failed.response.status, 200);
    assert.equal(badgeTitle(failed.body), 'p95 24h: unknown');
    assert.ok(!failed.body.includes('database'));
    assert.equal(reported.length, 1);
    assert.deepEqual((reported[0] as { context: unknown }).context, { slug: 'api', metric: 'latency' });
    data.failWith = undefined;
    assert.equal(badgeTitle((await getText(app, '/api/latency.svg')).body), 'p95 24h: 80 ms');
  });

  test('LruCache evicts the least recently used entry, not the oldest inserted', () => {
    const lru = new LruCache<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.throws(() => new LruCache(0), /positive integer/);
  });
});
