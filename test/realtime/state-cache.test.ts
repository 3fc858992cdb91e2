/**
 * The in-memory current-state cache on a real database. A second StateCache is started on the
 * instance's database with a bus of its own, so events can be fed to it in a chosen order while
 * the rows are written through the real API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../src/log.ts';
import { EventBus } from '../../src/realtime/bus.ts';
import type { CheckCompletedEvent } from '../../src/realtime/events.ts';
import { StateCache } from '../../src/realtime/state-cache.ts';
import type { Status } from '../../src/domain/status.ts';
import type { PrismaClient } from '../../src/db/database.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';

const log = createLogger('silent');
let app: TestApp;
let api: ReturnType<typeof apiClient>;
const caches: StateCache[] = [];

async function startCache(options: { refreshIntervalMs?: number } = {}): Promise<{ cache: StateCache; bus: EventBus }> {
  const bus = new EventBus(log);
  const cache = await StateCache.start({ prisma: app.context.db.prisma, bus, log, refreshIntervalMs: options.refreshIntervalMs ?? 0 });
  caches.push(cache);
  return { cache, bus };
}

function completed(id: number, slug: string, status: Status): CheckCompletedEvent {
  const at = new Date().toISOString();
  return { type: 'check.completed', integrationId: id, slug, resultId: 1, status, previousStatus: 'unknown', statusSince: at, at, latencyMs: 1, message: 'x', trigger: 'manual', jobId: null };
}

async function create(slug: string, extra: Record<string, unknown> = {}): Promise<number> {
  const response = await api.post('/api/v1/integrations', { slug, name: `Name of ${slug}`, kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, ...extra });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const { rows } = await app.context.db.pool.query<{ id: number }>('SELECT id FROM integrations WHERE slug = $1', [slug]);
  return rows[0]!.id;
}

const setRow = (id: number, assignments: string, values: unknown[] = []) =>
  app.context.db.pool.query(`UPDATE integrations SET ${assignments} WHERE id = $1`, [id, ...values]);

before(async () => {
  // No checks run: every status change in this file is one the test makes.
  app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
  api = apiClient(app.url);
});

after(async () => {
  for (const cache of caches) cache.stop();
  await app?.close();
});

describe('the state cache', () => {
  test('loads every integration at start with the fields hot readers need', async () => {
    const id = await create('alpha', { public: true, tags: ['web', 'eu'] });
    await create('beta');
    const { cache } = await startCache();
    assert.equal(cache.size, 2);
    assert.deepEqual(cache.get('alpha'), { id, slug: 'alpha', name: 'Name of alpha', public: true, status: 'unknown', tags: ['web', 'eu'], certificateDaysRemaining: null });
    assert.equal(cache.getById(id), cache.get('alpha'));
    assert.deepEqual([...cache.all()].map((state) => state.slug).sort(), ['alpha', 'beta']);
  });

  test('the instance’s own cache follows API changes through NOTIFY', async () => {
    const shared = app.context.stateCache;
    const id = await create('gamma', { tags: ['x'] });
    await waitFor(() => shared.get('gamma'), 2_000, 'gamma in the cache');
    const version = shared.version();
    await api.patch('/api/v1/integrations/gamma', { public: true, tags: ['y'] });
    const updated = await waitFor(() => (shared.get('gamma')?.public ? shared.get('gamma') : undefined), 2_000, 'gamma public');
    assert.deepEqual(updated.tags, ['y']);
    assert.ok(shared.version() > version);
    await api.delete('/api/v1/integrations/gamma');
    await waitFor(() => shared.getById(id) === undefined, 2_000, 'gamma removed');
    assert.equal(shared.get('gamma'), undefined);
  });

  test('a status event changes the status in place and bumps the version only when it differs', async () => {
    const id = await create('delta');
    const { cache, bus } = await startCache();
    const before = cache.get('delta');
    const version = cache.version();
    bus.emit(completed(id, 'delta', 'unknown'));
    assert.equal(cache.version(), version, 'same status: no change');
    assert.equal(cache.get('delta'), before);
    bus.emit(completed(id, 'delta', 'down'));
    assert.equal(cache.get('delta')?.status, 'down');
    assert.equal(cache.version(), version + 1);
    assert.equal(before?.status, 'unknown', 'states are replaced, never mutated');
    bus.emit({ type: 'status.changed', integrationId: id, slug: 'delta', from: 'down', to: 'up', at: new Date().toISOString(), cause: 'x' });
    assert.equal(cache.get('delta')?.status, 'up');
  });

  test('a status event for an integration it does not know makes it read that row', async () => {
    const { cache, bus } = await startCache();
    const id = await create('epsilon');
    assert.equal(cache.get('epsilon'), undefined, 'its own bus heard nothing yet');
    await setRow(id, "status = 'down'");
    bus.emit(completed(id, 'epsilon', 'down'));
    const state = await waitFor(() => cache.get('epsilon'), 2_000, 'epsilon read');
    assert.equal(state.status, 'down');
  });

  test('integration.changed re-reads the row, and changes announced together share one query', async () => {
    const ids = [await create('zeta-1'), await create('zeta-2'), await create('zeta-3')];
    let queries = 0;
    const counting = app.context.db.prisma.$extends({
      query: { integration: { findMany: ({ args, query }) => ((queries += 1), query(args)) } },
    }) as unknown as PrismaClient;
    const bus = new EventBus(log);
    const cache = await StateCache.start({ prisma: counting, bus, log, refreshIntervalMs: 0 });
    caches.push(cache);
    assert.equal(queries, 1, 'one query at start');
    await setRow(ids[0]!, "name = 'Renamed'");
    ids.forEach((id, index) => bus.emit({ type: 'integration.changed', integrationId: id, slug: `zeta-${index + 1}`, action: 'updated' }));
    await waitFor(() => cache.get('zeta-1')?.name === 'Renamed', 2_000, 'rename seen');
    assert.equal(queries, 2, 'three changes, one re-read');
  });

  test('a deletion event drops the integration without a query', async () => {
    const id = await create('eta');
    const { cache, bus } = await startCache();
    const version = cache.version();
    bus.emit({ type: 'integration.changed', integrationId: id, slug: 'eta', action: 'deleted' });
    assert.equal(cache.get('eta'), undefined);
    assert.equal(cache.version(), version + 1);
  });

  test('a resync reloads everything, including what no event carries', async () => {
    const id = await create('theta');
    const { cache, bus } = await startCache();
    await setRow(id, 'certificate_days_remaining = 12');
    const version = cache.version();
    bus.resync();
    await waitFor(() => cache.get('theta')?.certificateDaysRemaining === 12, 2_000, 'certificate days');
    assert.ok(cache.version() > version);
    const settled = cache.version();
    await cache.reload();
    assert.equal(cache.version(), settled, 'a reload that finds nothing new changes nothing');
  });

  test('the periodic refresh picks up changes whose notification was lost', async () => {
    const id = await create('iota');
    const { cache } = await startCache({ refreshIntervalMs: 100 });
    await setRow(id, "status = 'degraded'");
    await waitFor(() => cache.get('iota')?.status === 'degraded', 2_000, 'refresh');
  });

  test('a status event that arrives during a load is not undone by the older row', async () => {
    const id = await create('kappa');
    const { cache, bus } = await startCache();
    // The row says up; a newer result (down) is announced while the reload's query is in flight.
    await setRow(id, "status = 'up'");
    const reloading = cache.reload();
    await new Promise((resolve) => setImmediate(resolve));
    bus.emit(completed(id, 'kappa', 'down'));
    await reloading;
    assert.equal(cache.get('kappa')?.status, 'down');
  });

  test('a stopped cache ignores events', async () => {
    const id = await create('lambda');
    const { cache, bus } = await startCache();
    cache.stop();
    bus.emit(completed(id, 'lambda', 'down'));
    assert.equal(cache.get('lambda')?.status, 'unknown');
  });
});
