import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient, adminHeaders } from '../helpers/api.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { findSample, parseExposition, type MetricFamily } from '../helpers/prom-parse.ts';

let app: TestApp;
let target: SwitchableTarget;

before(async () => {
  target = await startSwitchableTarget();
  app = await startTestApp({ env: { CHECK_INTERVAL_SECONDS: '60' } });
  const api = apiClient(app.url);
  assert.equal((await api.post('/api/v1/integrations', { name: 'web', kind: 'http', config: { url: target.url } })).status, 201);
  assert.equal((await api.post('/api/v1/integrations', { name: 'doomed', kind: 'http', config: { url: target.url } })).status, 201);
  await waitFor(async () => {
    const { rows } = await app.context.db.pool.query("SELECT count(*)::int AS n FROM check_results");
    return rows[0].n >= 2;
  }, 15_000, 'the first checks');
  await app.context.db.pool.query("UPDATE integrations SET certificate_days_remaining = 42 WHERE slug = 'web'");
});

after(async () => {
  await app?.close();
  await target?.close();
});

async function scrape(): Promise<{ response: Response; families: Map<string, MetricFamily> }> {
  const response = await fetch(`${app.url}/metrics`, { headers: adminHeaders });
  const text = await response.text();
  return { response, families: parseExposition(text) };
}

describe('GET /metrics (Prometheus)', () => {
  test('answers the text exposition format that a strict parser accepts', async () => {
    const { response, families } = await scrape();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    for (const family of families.values()) {
      assert.ok(family.help, `${family.name} has HELP`);
      assert.notEqual(family.type, 'untyped', `${family.name} has TYPE`);
    }
  });

  test('per integration: status, uptime ratio, latency percentiles and histogram, certificate days', async () => {
    const { families } = await scrape();
    assert.equal(findSample(families, 'integration_health_status', { integration: 'web', status: 'up' })?.value, 1);
    assert.equal(findSample(families, 'integration_health_status', { integration: 'web', status: 'down' })?.value, 0);
    assert.equal(findSample(families, 'integration_health_uptime_ratio', { integration: 'web', window: '24h' })?.value, 1);
    assert.ok((findSample(families, 'integration_health_latency_percentile_milliseconds', { integration: 'web', percentile: '99' })?.value ?? -1) >= 0);
    assert.ok((findSample(families, 'integration_health_check_latency_seconds_count', { integration: 'web' })?.value ?? 0) >= 1);
    assert.equal(families.get('integration_health_check_latency_seconds')?.type, 'histogram');
    assert.equal(findSample(families, 'integration_health_certificate_days_remaining', { integration: 'web' })?.value, 42);
    assert.equal(findSample(families, 'integration_health_certificate_days_remaining', { integration: 'doomed' }), undefined, 'no certificate, no series');
  });

  test('system figures and process metrics are included', async () => {
    const { families } = await scrape();
    assert.equal(findSample(families, 'integration_health_integrations', { status: 'up' })?.value, 2);
    assert.ok(findSample(families, 'integration_health_queue_due_checks'));
    assert.ok(findSample(families, 'integration_health_queue_oldest_due_lag_seconds'));
    assert.equal(findSample(families, 'integration_health_websocket_clients')?.value, 0);
    assert.ok((findSample(families, 'integration_health_database_size_bytes')?.value ?? 0) > 0);
    assert.ok((findSample(families, 'integration_health_history_rows')?.value ?? 0) >= 2);
    assert.equal(families.get('process_cpu_user_seconds_total')?.type, 'counter');
    assert.ok(findSample(families, 'nodejs_heap_size_used_bytes'));
  });

  test('a deleted integration leaves the per-integration series', async () => {
    assert.equal((await apiClient(app.url).delete('/api/v1/integrations/doomed')).status, 204);
    await waitFor(async () => {
      const { families } = await scrape();
      return findSample(families, 'integration_health_check_latency_seconds_count', { integration: 'doomed' }) === undefined;
    }, 5_000, 'the histogram series to go');
    const { families } = await scrape();
    assert.equal(findSample(families, 'integration_health_status', { integration: 'doomed' }), undefined);
  });

  test('requires credentials', async () => {
    const response = await fetch(`${app.url}/metrics`);
    assert.equal(response.status, 401);
    await response.arrayBuffer();
  });
});
