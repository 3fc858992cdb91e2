import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { runMaintenanceTask } from '../../src/jobs/maintenance.ts';
import { insertResults } from '../analytics/fixtures.ts';

const now = new Date('2026-03-02T12:30:00Z');
let app: TestApp;
let api: ReturnType<typeof apiClient>;
const ids: Record<string, number> = {};

before(async () => {
  app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' }, clock: () => now });
  api = apiClient(app.url);
  for (const name of ['alpha', 'beta', 'gamma']) {
    const created = await api.post('/api/v1/integrations', { name, kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    assert.equal(created.status, 201);
    const { rows } = await app.context.db.pool.query<{ id: number }>('SELECT id FROM integrations WHERE slug = $1', [name]);
    ids[name] = rows[0]!.id;
  }
  await insertResults(app.context.db.pool, ids.alpha!, [
    { at: '2026-03-01T12:00:00Z', status: 'up', latencyMs: 100 },
    { at: '2026-03-02T00:00:00Z', status: 'down', latencyMs: 10_000 },
    { at: '2026-03-02T06:00:00Z', status: 'up', latencyMs: 200 },
  ]);
  await insertResults(
    app.context.db.pool,
    ids.gamma!,
    Array.from({ length: 25 }, (_, minute) => ({ at: new Date(Date.parse('2026-03-02T10:00:00Z') + minute * 60_000), status: 'up' as const, latencyMs: 20 + minute })),
  );
});

after(() => app?.close());

describe('getAllHealth: GET /api/v1/integrations', () => {
  test('every integration carries time-weighted uptime 24h/7d/30d and P50/P95/P99 over 24 h', async () => {
    const { status, body } = await api.get('/api/v1/integrations');
    assert.equal(status, 200);
    const alpha = body.integrations.find((item: { slug: string }) => item.slug === 'alpha');
    assert.deepEqual(alpha.uptime, { '24h': 0.75, '7d': 18.5 / 24.5, '30d': 18.5 / 24.5 });
    assert.deepEqual(alpha.latency24h, { p50: 200, p95: 200, p99: 200 });
    const beta = body.integrations.find((item: { slug: string }) => item.slug === 'beta');
    assert.deepEqual(beta.uptime, { '24h': null, '7d': null, '30d': null });
    assert.deepEqual(beta.latency24h, { p50: null, p95: null, p99: null });
    assert.ok('nextCheckAt' in alpha && 'lastCheckedAt' in alpha && 'since' in alpha);
  });

  test('the number of queries does not grow with the number of integrations', async () => {
    const pool = app.context.db.pool;
    const original = pool.query.bind(pool);
    let calls = 0;
    (pool as { query: unknown }).query = (...args: unknown[]) => {
      calls += 1;
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    try {
      await api.get('/api/v1/integrations');
      const withThree = calls;
      for (let index = 0; index < 12; index += 1) await api.post('/api/v1/integrations', { name: `extra ${index}`, kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
      calls = 0;
      const { body } = await api.get('/api/v1/integrations');
      assert.equal(body.integrations.length, 15);
      assert.equal(calls, withThree, 'same number of queries for 3 and 15 integrations');
    } finally {
      (pool as { query: unknown }).query = original;
      for (let index = 0; index < 12; index += 1) await api.delete(`/api/v1/integrations/extra-${index}`);
    }
  });
});

describe('getHealth: GET /api/v1/integrations/:slug/health', () => {
  test('defaults to 24 h and reports uptime, time per status, check counts and latency', async () => {
    const { status, body } = await api.get('/api/v1/integrations/alpha/health');
    assert.equal(status, 200);
    assert.equal(body.health.window, '24h');
    assert.equal(body.health.to, now.toISOString());
    assert.equal(body.health.uptime, 0.75);
    assert.deepEqual(body.health.seconds, { up: 18 * 3600, degraded: 0, down: 6 * 3600, excluded: 0 });
    assert.deepEqual(body.health.checks, { up: 1, degraded: 0, down: 1 });
    assert.equal(body.health.latency.p99, 200);
  });

  test('a named window and a from/to range both work', async () => {
    assert.equal((await api.get('/api/v1/integrations/alpha/health?window=7d')).body.health.uptime, 18.5 / 24.5);
    const range = await api.get('/api/v1/integrations/alpha/health?from=2026-03-02T00:00:00Z&to=2026-03-02T06:00:00Z');
    assert.equal(range.body.health.window, null);
    assert.equal(range.body.health.uptime, 0);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown window names the allowed ones', '?window=2w', /window: must be one of 24h, 7d, 30d, 90d, 1y/],
    ['window with from/to', '?window=7d&from=2026-03-01T00:00:00Z', /either window or from\/to/],
    ['from after to', '?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', /from must be before to/],
    ['a date without time zone', '?from=2026-03-01', /ISO 8601/],
    ['an unknown parameter', '?windw=7d', /windw/],
  ];
  for (const [name, query, message] of bad) {
    test(`400 in the error shape for ${name}`, async () => {
      const { status, body } = await api.get(`/api/v1/integrations/alpha/health${query}`);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'invalid_input');
      assert.match(body.error.message, message);
      assert.ok(Array.isArray(body.error.issues) && body.error.issues.length > 0);
    });
  }

  test('an unknown slug is a 404 in the error shape', async () => {
    const { status, body } = await api.get('/api/v1/integrations/nope/health');
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
  });
});

describe('GET /api/v1/integrations/:slug/history', () => {
  test('raw results page with a cursor, oldest first, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = `from=2026-03-02T10:00:00Z&to=2026-03-02T11:00:00Z&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await api.get(`/api/v1/integrations/gamma/history?${query}`);
      assert.equal(status, 200);
      sizes.push(body.history.items.length);
      seen.push(...body.history.items.map((item: { latencyMs: number }) => item.latencyMs));
      cursor = body.history.nextCursor;
    } while (cursor);
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, minute) => 20 + minute));
  });

  test('hourly buckets cover the range with nulls where nothing is known', async () => {
    const { body } = await api.get('/api/v1/integrations/gamma/history?resolution=hour&from=2026-03-02T08:00:00Z&to=2026-03-02T12:00:00Z');
    assert.deepEqual(body.history.items.map((item: { start: string }) => item.start.slice(11, 16)), ['08:00', '09:00', '10:00', '11:00']);
    const [eight, , ten, eleven] = body.history.items;
    assert.deepEqual([eight.uptime, eight.latency.p50], [null, null]);
    assert.deepEqual([ten.checks.up, ten.uptime, ten.latency.min, ten.latency.max], [25, 1, 20, 44]);
    assert.equal(eleven.seconds.up, 3600, 'the last result holds through the next hour');
  });

  test('daily buckets are whole UTC days, the current one partial', async () => {
    const { body } = await api.get('/api/v1/integrations/alpha/history?resolution=day&from=2026-03-01T00:00:00Z');
    assert.deepEqual(body.history.items.map((item: { start: string; end: string }) => [item.start, item.end]), [
      ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['2026-03-02T00:00:00.000Z', now.toISOString()],
    ]);
    assert.equal(body.history.items[0].seconds.up, 12 * 3600);
  });

  const bad: [string, string, RegExp][] = [
    ['a raw range over 7 days', '?from=2026-02-01T00:00:00Z', /at most 7 days.*resolution=hour/],
    ['a page over 1000 items', '?limit=5000', /limit: must be at most 1000/],
    ['an unknown resolution', '?resolution=week', /must be one of raw, hour, day/],
    ['a forged cursor', '?cursor=bm9wZQ', /cursor/i],
    ['a cursor of another resolution', `?resolution=hour&cursor=${Buffer.from(JSON.stringify({ r: 'raw', t: 1 })).toString('base64url')}`, /cursor/i],
  ];
  for (const [name, query, message] of bad) {
    test(`400 for ${name}`, async () => {
      const { status, body } = await api.get(`/api/v1/integrations/gamma/history${query}`);
      assert.equal(status, 400);
      assert.match(body.error.message, message);
    });
  }
});

describe('rollups behind the API', () => {
  test('the maintenance task builds rollups and the API answers the same from them', async () => {
    const before = (await api.get('/api/v1/integrations')).body.integrations;
    await runMaintenanceTask(app.context, 'rollups');
    const { rows } = await app.context.db.pool.query('SELECT count(*)::int AS n FROM rollups_hourly WHERE integration_id = $1', [ids.alpha]);
    assert.equal(rows[0].n, 25, 'hours 03-01 12:00 … 03-02 12:00 (the last one partial)');
    const afterRollup = (await api.get('/api/v1/integrations')).body.integrations;
    assert.deepEqual(afterRollup, before);
  });

  test('a day partition is kept until its hours are rolled up', async () => {
    await insertResults(app.context.db.pool, ids.beta!, [{ at: '2026-03-02T12:10:00Z', status: 'up', latencyMs: 5 }]);
    assert.equal(await app.context.keepPartition(new Date('2026-03-02T00:00:00Z')), true, 'hour 12 of 03-02 is not rolled up');
    assert.equal(await app.context.keepPartition(new Date('2026-03-01T00:00:00Z')), false);
  });
});

describe('getSystemMetrics: GET /api/v1/metrics/system', () => {
  test('reports integrations per status, checks, queue, clients, database and process', async () => {
    await insertResults(app.context.db.pool, ids.beta!, [
      { at: '2026-03-02T12:27:00Z', status: 'up', latencyMs: 5 },
      { at: '2026-03-02T12:29:00Z', status: 'up', latencyMs: 5 },
    ]);
    const { status, body } = await api.get('/api/v1/metrics/system');
    assert.equal(status, 200);
    const system = body.system;
    assert.equal(system.integrations.total, 3);
    assert.equal(system.integrations.byStatus.unknown, 3);
    assert.equal(system.integrations.byStatus.down, 0);
    assert.equal(system.checks.windowSeconds, 300);
    assert.equal(system.checks.perMinute, 0.4, 'two results in the 5 minutes before now');
    assert.equal(typeof system.queue.due, 'number');
    assert.equal(system.websocketClients, 0);
    assert.ok(system.database.sizeBytes > 1_000_000);
    assert.equal(system.database.historyRows, 31);
    assert.ok(system.process.uptimeSeconds >= 0 && system.process.memory.rssBytes > 0);
  });

  test('requires credentials', async () => {
    const { status, body } = await apiClient(app.url, {}).get('/api/v1/metrics/system');
    assert.equal(status, 401);
    assert.ok(body.error.code);
  });
});
