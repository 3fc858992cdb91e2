/**
 * "Check now" is admin-only in the route policy, so pages must not offer it to anyone else: a
 * viewer's dashboard and detail page mark <body data-can-check="false"> (the stylesheet hides
 * the buttons; live fragments are shared by all viewers of a page, so the decision is per page),
 * an admin's pages do not, and the viewer's POST is refused all the same.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';

let app: TestApp;
let viewer: BrowserSession;
let admin: BrowserSession;

before(async () => {
  app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' }, createSelfIntegration: false });
  const created = await apiClient(app.url).post('/api/v1/integrations', { slug: 'billing', name: 'Billing', kind: 'http', config: { url: 'http://127.0.0.1:9/' } });
  assert.equal(created.status, 201);
  viewer = await signIn(app, 'viewer');
  admin = await signIn(app, 'admin');
});
after(() => app.close());

const bodyTag = (html: string) => /<body[^>]*>/.exec(html)?.[0] ?? '';

test('a viewer’s dashboard and detail page hide Check now; an admin’s show it', async () => {
  for (const path of ['/integrations/health', '/integrations/billing']) {
    const asViewer = await viewer.request(path);
    assert.equal(asViewer.status, 200, path);
    assert.match(bodyTag(await asViewer.text()), /data-can-check="false"/, `${path} for a viewer`);
    const asAdmin = await admin.request(path);
    const adminHtml = await asAdmin.text();
    assert.doesNotMatch(bodyTag(adminHtml), /data-can-check/, `${path} for an admin`);
    assert.match(adminHtml, /Check now/);
  }
});

test('the stylesheet hides the buttons on such pages, and the policy refuses the viewer anyway', async () => {
  const css = await readFile('public/app.css', 'utf8');
  assert.match(css, /\[data-can-check="false"\] \.check-now button \{ display: none; \}/);
  const refused = await viewer.request('/api/v1/integrations/billing/checks', { method: 'POST' });
  assert.equal(refused.status, 403);
});
