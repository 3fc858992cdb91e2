/**
 * Pages offer what the visitor may do. "Check now" is admin-only in the route policy: a viewer's
 * dashboard and detail page mark <body data-can-check="false"> (the stylesheet hides the
 * buttons; live fragments are shared by all viewers of a page, so the decision is per page), an
 * admin's pages do not, and the viewer's POST is refused all the same. The header links to Admin
 * only for admins and offers Sign out (with the session's CSRF token) to anyone signed in.
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

test('the header: Admin only for admins, Sign out with the CSRF token for everyone signed in, nothing for an API token', async () => {
  const forViewer = await (await viewer.request('/integrations/health')).text();
  assert.doesNotMatch(forViewer, /href="\/admin\/integrations"/);
  assert.match(forViewer, new RegExp(`<form method="post" action="/logout" class="account"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"/><span class="who">${viewer.email}</span> <button type="submit">Sign out</button>`));
  const forAdmin = await (await admin.request('/integrations/billing')).text();
  assert.match(forAdmin, /href="\/admin\/integrations"/);
  assert.match(forAdmin, /<span class="who">[^<]+<\/span> <button type="submit">Sign out<\/button>/);
  const forToken = await apiClient(app.url).get<string>('/integrations/health');
  assert.equal(forToken.status, 200);
  assert.match(forToken.body, /href="\/admin\/integrations"/, 'an admin token sees the Admin link');
  assert.doesNotMatch(forToken.body, /Sign (in|out)/);
});
