/** PUBLIC_DASHBOARD: dashboard, detail pages and board readable without login — no config, no secrets, no actions. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';

const configMarker = 'config-marker-7c1e';
const secretMarker = 'secret-marker-4d2b-0123456789';

describe('PUBLIC_DASHBOARD=true', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: { PUBLIC_DASHBOARD: 'true' } });
    const created = await apiClient(app.url).post('/api/v1/integrations', {
      slug: 'billing',
      name: 'Billing API',
      kind: 'http',
      config: { url: `http://127.0.0.1:9/${configMarker}`, secretHeaders: { 'x-api-key': secretMarker } },
      paused: true,
    });
    assert.equal(created.status, 201);
  });
  after(() => app.close());

  test('dashboard, detail page and board open without login', async () => {
    for (const path of ['/integrations/health', '/integrations/billing', '/board']) {
      const response = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      assert.equal(response.status, 200, path);
      const html = await response.text();
      assert.ok(html.includes('Billing API'), `${path} shows the integration`);
      assert.ok(!html.includes(configMarker), `${path} shows no config`);
      assert.ok(!html.includes(secretMarker), `${path} shows no secret`);
    }
  });

  test('visitors are offered Sign in (back to the page they are on), not the Admin link or Check now', async () => {
    const html = await (await fetch(`${app.url}/integrations/billing?page=1`)).text();
    assert.match(html, /<a class="account" href="\/login\?next=%2Fintegrations%2Fbilling%3Fpage%3D1">\s*Sign in\s*<\/a>/);
    assert.doesNotMatch(html, /href="\/admin\/integrations"/);
    assert.match(/<body[^>]*>/.exec(html)![0], /data-can-check="false"/);
  });

  test('the API read of an integration leaves its config out for visitors, but not for members', async () => {
    const anonymous = await apiClient(app.url, {}).get('/api/v1/integrations/billing');
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.integration.config, undefined);
    assert.ok(!JSON.stringify(anonymous.body).includes(configMarker));
    const admin = await apiClient(app.url).get('/api/v1/integrations/billing');
    assert.ok(JSON.stringify(admin.body).includes(configMarker));
    assert.ok(!JSON.stringify(admin.body).includes(secretMarker), 'secrets never, even for admins');
  });

  test('actions, admin pages and other config stay closed', async () => {
    const anonymous = apiClient(app.url, {});
    assert.equal((await anonymous.post('/api/v1/integrations/billing/checks')).status, 401);
    assert.equal((await anonymous.patch('/api/v1/integrations/billing', { name: 'x' })).status, 401);
    assert.equal((await anonymous.get('/api/v1/alert-channels')).status, 401);
    assert.equal((await anonymous.get('/api/v1/maintenance-windows')).status, 401);
    const admin = await fetch(`${app.url}/admin/integrations`, { redirect: 'manual', headers: { accept: 'text/html' } });
    assert.equal(admin.status, 302);
    assert.match(admin.headers.get('location') ?? '', /^\/login\?next=%2Fadmin%2Fintegrations/);
  });
});

describe('PUBLIC_DASHBOARD=false (the default)', () => {
  test('the dashboard sends visitors to /login and brings them back afterwards', async () => {
    const app = await startTestApp();
    try {
      const response = await fetch(`${app.url}/integrations/health?tag=ops`, { redirect: 'manual', headers: { accept: 'text/html' } });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), `/login?next=${encodeURIComponent('/integrations/health?tag=ops')}`);
      const htmx = await fetch(`${app.url}/integrations/health`, { headers: { 'hx-request': 'true', 'hx-current-url': `${app.url}/integrations/health` } });
      assert.equal(htmx.status, 401);
      assert.equal(htmx.headers.get('hx-redirect'), `/login?next=${encodeURIComponent('/integrations/health')}`);
    } finally {
      await app.close();
    }
  });
});
