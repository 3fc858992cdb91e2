/**
 * Two instances on one database: A serves badges only (ROLE=web, no workers), B takes the API
 * calls and runs the checks. Every change made on B must reach A's badges within 1 s through
 * PostgreSQL NOTIFY — A never queries for it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { createHttpIntegration, getBadge, HEX, measureBadgeChange, pollBadge, type Api } from './helpers.ts';

let database: TestDatabase;
let badgeServer: TestApp;
let worker: TestApp;
let api: Api;
let target: SwitchableTarget;

before(async () => {
  target = await startSwitchableTarget();
  database = await createTestDatabase();
  const env = { MANUAL_CHECK_COOLDOWN_SECONDS: '0', CHECK_INTERVAL_SECONDS: '3600', CHECK_MAX_INTERVAL_SECONDS: '3600' };
  badgeServer = await startTestApp({ database, env: { ...env, ROLE: 'web', BADGE_CACHE_SECONDS: '7' } });
  worker = await startTestApp({ database, env });
  api = apiClient(worker.url);
});

after(async () => {
  await badgeServer?.close();
  await worker?.close();
  await database?.drop();
  await target?.close();
});

describe('badges across instances', () => {
  test('an integration created on B appears on A’s badge within 1 s of its first result', async (t) => {
    const created = Date.now();
    await createHttpIntegration(api, { slug: 'shared-api', url: target.url, public: true });
    const { seenAt, badge } = await pollBadge(badgeServer.url, '/badge/shared-api/status.svg', (b) => b.title === 'status: up');
    const stored = (await badgeServer.context.db.pool.query<{ last_checked_at: Date }>("SELECT last_checked_at FROM integrations WHERE slug = 'shared-api'")).rows[0]!.last_checked_at;
    t.diagnostic(`created → green on A in ${seenAt - created} ms; ${seenAt - stored.getTime()} ms after the result was stored`);
    assert.ok(seenAt - stored.getTime() <= 1000, `${seenAt - stored.getTime()} ms`);
    assert.equal(badge.color, HEX.brightgreen);
  });

  test('a failing result stored by B turns A’s badge red within 1 s', async (t) => {
    target.setStatus(503);
    const { lagMs, badge } = await measureBadgeChange({
      api,
      pool: worker.context.db.pool,
      badgeBaseUrl: badgeServer.url,
      slug: 'shared-api',
      badgePath: '/badge/shared-api/status.svg',
      expectedTitle: 'status: down',
    });
    t.diagnostic(`A's badge changed ${lagMs} ms after B stored the result`);
    assert.ok(lagMs <= 1000, `${lagMs} ms`);
    assert.equal(badge.color, HEX.red);
    assert.equal((await getBadge(badgeServer.url, '/badge/all/status.svg')).title, 'status: down');
  });

  test('making it private on B hides it on A within 1 s', async () => {
    const started = Date.now();
    assert.equal((await api.patch('/api/v1/integrations/shared-api', { public: false })).status, 200);
    const { seenAt, badge } = await pollBadge(badgeServer.url, '/badge/shared-api/status.svg', (b) => b.title === 'status: unknown');
    assert.ok(seenAt - started <= 1000, `${seenAt - started} ms`);
    assert.equal(badge.body, (await getBadge(badgeServer.url, '/badge/never-existed/status.svg')).body);
  });

  test('BADGE_CACHE_SECONDS sets the max-age each instance sends', async () => {
    assert.equal((await getBadge(badgeServer.url, '/badge/shared-api/status.svg')).headers.get('cache-control'), 'max-age=7, s-maxage=7');
    assert.equal((await getBadge(worker.url, '/badge/shared-api/status.svg')).headers.get('cache-control'), 'max-age=30, s-maxage=30');
  });
});
