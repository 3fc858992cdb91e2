import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';

describe('HEALTH_MONITORING_ENABLED=false', () => {
  let app: TestApp;
  let target: SwitchableTarget;
  before(async () => {
    target = await startSwitchableTarget();
    app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
  });
  after(async () => {
    await app.close();
    await target.close();
  });

  test('pages and API still serve, but nothing is checked', async () => {
    const api = apiClient(app.url);
    assert.equal((await api.post('/api/v1/integrations', { slug: 'idle', name: 'Idle', kind: 'http', config: { url: target.url } })).status, 201);
    assert.equal((await fetch(`${app.url}/integrations/health`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(target.requests, 0);
  });

  test('check now answers 503 saying checks are disabled', async () => {
    const response = await apiClient(app.url).post('/api/v1/integrations/idle/checks');
    assert.equal(response.status, 503);
    assert.match(response.body.error.message, /HEALTH_MONITORING_ENABLED=false/);
  });
});

describe('CHECK_CONCURRENCY', () => {
  let app: TestApp;
  let target: SwitchableTarget;
  before(async () => {
    target = await startSwitchableTarget();
    target.setDelay(400);
    app = await startTestApp({ env: { CHECK_CONCURRENCY: '2' } });
  });
  after(async () => {
    await app.close();
    await target.close();
  });

  test('a burst of due checks never runs more than the limit at once', async () => {
    const api = apiClient(app.url);
    for (let index = 0; index < 8; index += 1) {
      assert.equal((await api.post('/api/v1/integrations', { slug: `burst-${index}`, name: `Burst ${index}`, kind: 'http', config: { url: target.url } })).status, 201);
    }
    await waitFor(() => target.requests >= 8, 20_000, 'all eight checks');
    assert.ok(target.maxConcurrent <= 2, `max concurrent ${target.maxConcurrent}`);
    assert.ok(target.maxConcurrent >= 1);
  });
});
