import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';

let app: TestApp;
let api: ReturnType<typeof apiClient>;
let target: SwitchableTarget;

before(async () => {
  target = await startSwitchableTarget();
  app = await startTestApp({ env: { CHECK_INTERVAL_SECONDS: '60' } });
  api = apiClient(app.url);
});

after(async () => {
  await app.close();
  await target.close();
});

describe('creating integrations', () => {
  test('a valid http integration is created with 201, a Location and a derived slug', async () => {
    const response = await api.post('/api/v1/integrations', { name: 'Billing API (EU)', kind: 'http', config: { url: target.url }, tags: ['billing'] });
    assert.equal(response.status, 201);
    assert.equal(response.body.integration.slug, 'billing-api-eu');
    assert.equal(response.headers.get('location'), '/api/v1/integrations/billing-api-eu');
    assert.equal(response.body.integration.config.url, target.url);
    assert.deepEqual(response.body.integration.tags, ['billing']);
  });

  test('it is checked at once and its state is readable', async () => {
    const integration = await waitFor(async () => {
      const { body } = await api.get('/api/v1/integrations/billing-api-eu');
      return body.integration.status === 'up' ? body.integration : undefined;
    }, 15_000, 'the first check');
    assert.ok(integration.lastCheckedAt);
    assert.equal(typeof integration.latencyMs, 'number');
    assert.match(integration.message, /HTTP 200/);
    assert.ok(Date.parse(integration.nextCheckAt) > Date.parse(integration.lastCheckedAt));
  });

  test('invalid config answers 400 listing every field error with its path', async () => {
    const response = await api.post('/api/v1/integrations', { name: 'Bad', kind: 'http', config: { url: 'not a url', method: 'FETCH' } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'invalid_input');
    const paths = response.body.error.issues.map((issue: { path: string[] }) => issue.path.join('.'));
    assert.ok(paths.includes('config.url'), paths.join(','));
    assert.ok(paths.includes('config.method'), paths.join(','));
  });

  test('an unknown kind answers 400 listing the kinds', async () => {
    const response = await api.post('/api/v1/integrations', { name: 'X', kind: 'carrier-pigeon' });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'unknown_kind');
    assert.match(response.body.error.message, /http, tcp, tls, postgres, redis, slack, gmail, google-calendar, mcp, push/);
    assert.deepEqual(response.body.error.issues[0].path, ['kind']);
  });

  test('bad top-level fields are named (name, tags, interval, unknown fields)', async () => {
    const response = await api.post('/api/v1/integrations', { name: '', kind: 'tcp', config: { host: 'h', port: 1 }, tags: ['Not OK'], intervalSeconds: 1, colour: 'red' });
    assert.equal(response.status, 400);
    const paths = response.body.error.issues.map((issue: { path: (string | number)[] }) => issue.path.join('.'));
    for (const expected of ['name', 'tags.0', 'intervalSeconds']) assert.ok(paths.includes(expected), `${expected} in ${paths}`);
    assert.match(JSON.stringify(response.body.error.issues), /colour/);
  });

  test('a body that is not JSON answers 400, not 500', async () => {
    const response = await api.post('/api/v1/integrations', '{"name":', {});
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /not valid JSON/);
  });

  test('an explicit slug that is taken answers 409 and creates nothing', async () => {
    const before = (await api.get('/api/v1/integrations')).body.integrations.length;
    const response = await api.post('/api/v1/integrations', { slug: 'billing-api-eu', name: 'Other', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    assert.equal(response.status, 409);
    assert.equal(response.body.error.code, 'conflict');
    assert.equal((await api.get('/api/v1/integrations')).body.integrations.length, before);
  });

  test('a derived slug that is taken gets a numeric suffix', async () => {
    const response = await api.post('/api/v1/integrations', { name: 'Billing API (EU)', kind: 'http', config: { url: target.url }, paused: true });
    assert.equal(response.status, 201);
    assert.equal(response.body.integration.slug, 'billing-api-eu-2');
  });

  test('reserved slugs are refused', async () => {
    const response = await api.post('/api/v1/integrations', { slug: 'all', name: 'All', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body.error.issues[0].path, ['slug']);
  });
});

describe('secrets are write-only', () => {
  const secret = 'Bearer sk-live-THIS-IS-SECRET-123';

  test('a secret header is accepted, reported as set, and never returned', async () => {
    const created = await api.post('/api/v1/integrations', { slug: 'secretive', name: 'Secretive', kind: 'http', config: { url: target.url, secretHeaders: { Authorization: secret } }, paused: true });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.integration.secrets, { secretHeaders: 'set' });
    for (const response of [created, await api.get('/api/v1/integrations/secretive'), await api.get('/api/v1/integrations')]) {
      assert.doesNotMatch(JSON.stringify(response.body), /THIS-IS-SECRET/);
    }
  });

  test('a PATCH without the secret keeps it; the stored row holds only ciphertext', async () => {
    const patched = await api.patch('/api/v1/integrations/secretive', { config: { method: 'HEAD' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.integration.config.method, 'HEAD');
    assert.deepEqual(patched.body.integration.secrets, { secretHeaders: 'set' });
    const { rows } = await app.context.db.pool.query("SELECT config::text, secrets FROM integrations WHERE slug = 'secretive'");
    assert.doesNotMatch(rows[0].config + rows[0].secrets, /THIS-IS-SECRET/);
    assert.match(rows[0].secrets, /^v1\./);
  });
});

describe('changing and deleting', () => {
  test('PATCH validates like create and names the field', async () => {
    const response = await api.patch('/api/v1/integrations/billing-api-eu', { config: { expectedStatus: ['abc'] } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.issues[0].path[0], 'config');
  });

  test('unknown slugs answer 404', async () => {
    assert.equal((await api.get('/api/v1/integrations/nope')).status, 404);
    assert.equal((await api.patch('/api/v1/integrations/nope', { name: 'x' })).status, 404);
    assert.equal((await api.delete('/api/v1/integrations/nope')).status, 404);
  });

  test('DELETE removes it with 204', async () => {
    const created = await api.post('/api/v1/integrations', { slug: 'doomed', name: 'Doomed', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, paused: true });
    assert.equal(created.status, 201);
    assert.equal((await api.delete('/api/v1/integrations/doomed')).status, 204);
    assert.equal((await api.get('/api/v1/integrations/doomed')).status, 404);
  });
});

describe('check now', () => {
  test('answers 202 with an id to follow, and the result is stored with trigger manual', async () => {
    const response = await api.post('/api/v1/integrations/billing-api-eu/checks');
    assert.equal(response.status, 202);
    const { id, href } = response.body.check;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const followed = await waitFor(async () => {
      const { status, body } = await api.get(href);
      assert.equal(status, 200, JSON.stringify(body));
      return body.check.state === 'completed' ? body.check : undefined;
    }, 10_000, 'the manual check to complete');
    assert.equal(followed.result.status, 'up');
    const { rows } = await app.context.db.pool.query('SELECT trigger FROM check_results WHERE job_id = $1', [id]);
    assert.deepEqual(rows, [{ trigger: 'manual' }]);
  });

  test('a second request within the cooldown answers 429 with Retry-After and when it is allowed', async () => {
    const response = await api.post('/api/v1/integrations/billing-api-eu/checks');
    assert.equal(response.status, 429);
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(response.body.error.code, 'rate_limited');
    assert.equal(response.body.error.retryAfterSeconds, retryAfter);
    assert.match(response.body.error.message, /next one is allowed in \d+ s/);
  });

  test('a paused integration cannot be checked (409)', async () => {
    const response = await api.post('/api/v1/integrations/billing-api-eu-2/checks');
    assert.equal(response.status, 409);
  });
});
