/**
 * The real BadgeDataSource on a real database: current state from the instance's StateCache,
 * figures from the real analytics, and the short per-(integration, window) value cache that
 * keeps badge floods off the database. The analytics functions are wrapped only to count calls.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { analytics } from '../../src/analytics/index.ts';
import type { Analytics } from '../../src/analytics/types.ts';
import { createBadgeDataSource } from '../../src/badges/data-source.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { createHttpIntegration } from './helpers.ts';

let app: TestApp;
let target: SwitchableTarget;

before(async () => {
  target = await startSwitchableTarget();
  app = await startTestApp({ env: { CHECK_INTERVAL_SECONDS: '3600', CHECK_MAX_INTERVAL_SECONDS: '3600' } });
  const api = apiClient(app.url);
  await createHttpIntegration(api, { slug: 'measured', url: target.url, public: true });
  await waitFor(() => app.context.stateCache.get('measured')?.status === 'up', 15_000, 'first check');
});

after(async () => {
  await app?.close();
  await target?.close();
});

function countingAnalytics() {
  const calls = { uptime: 0, latency: 0 };
  const wrapped: Pick<Analytics, 'uptime' | 'latencyPercentiles'> = {
    uptime: (...args) => ((calls.uptime += 1), analytics.uptime(...args)),
    latencyPercentiles: (...args) => ((calls.latency += 1), analytics.latencyPercentiles(...args)),
  };
  return { calls, wrapped };
}

describe('the badge data source', () => {
  test('subjects come from the state cache, with the fields badges need', () => {
    const { wrapped } = countingAnalytics();
    const data = createBadgeDataSource({ state: app.context.stateCache, pool: app.context.db.pool, analytics: wrapped, clock: () => new Date() });
    const subject = data.getSubject('measured');
    assert.equal(subject?.status, 'up');
    assert.equal(subject?.public, true);
    assert.equal(data.getSubject('nothing-here'), undefined);
    assert.deepEqual([...data.listSubjects()].map((s) => s.slug), ['measured']);
    assert.equal(data.version(), app.context.stateCache.version());
  });

  test('an uptime figure is computed once per window and reused until its TTL passes', async () => {
    const { calls, wrapped } = countingAnalytics();
    let now = Date.now();
    const data = createBadgeDataSource({ state: app.context.stateCache, pool: app.context.db.pool, analytics: wrapped, clock: () => new Date(now), valueTtlMs: 5_000 });
    assert.equal(await data.getUptime('measured', '24h'), 1);
    assert.equal(await data.getUptime('measured', '24h'), 1);
    assert.equal(calls.uptime, 1);
    await data.getUptime('measured', '7d');
    assert.equal(calls.uptime, 2, 'another window is another figure');
    now += 5_001;
    await data.getUptime('measured', '24h');
    assert.equal(calls.uptime, 3, 'expired after the TTL');
  });

  test('the three percentiles of one window share one latency query', async () => {
    const { calls, wrapped } = countingAnalytics();
    const data = createBadgeDataSource({ state: app.context.stateCache, pool: app.context.db.pool, analytics: wrapped, clock: () => new Date() });
    const [p50, p95, p99] = await Promise.all([50, 95, 99].map((p) => data.getLatencyPercentile('measured', p as 50 | 95 | 99, '24h')));
    assert.equal(calls.latency, 1);
    for (const value of [p50, p95, p99]) assert.ok(typeof value === 'number' && value >= 0, String(value));
    assert.ok(p50! <= p99!);
  });

  test('an unknown slug answers null without a query', async () => {
    const { calls, wrapped } = countingAnalytics();
    const data = createBadgeDataSource({ state: app.context.stateCache, pool: app.context.db.pool, analytics: wrapped, clock: () => new Date() });
    assert.equal(await data.getUptime('nothing-here', '24h'), null);
    assert.equal(await data.getLatencyPercentile('nothing-here', 95, '24h'), null);
    assert.deepEqual(calls, { uptime: 0, latency: 0 });
  });

  test('a database failure rejects, and is remembered as briefly as a value', async () => {
    const { calls, wrapped } = countingAnalytics();
    const closed = new pg.Pool({ connectionString: app.database.url });
    await closed.end();
    const data = createBadgeDataSource({ state: app.context.stateCache, pool: closed, analytics: wrapped, clock: () => new Date() });
    await assert.rejects(data.getUptime('measured', '30d'));
    await assert.rejects(data.getUptime('measured', '30d'));
    assert.equal(calls.uptime, 1, 'one failing query, not one per badge request');
  });
});
