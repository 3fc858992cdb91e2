/** CSRF: browser writes need the session's token and a same-origin request; bearer API calls need neither. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, testPassword, type BrowserSession } from '../helpers/session.ts';

describe('CSRF protection', () => {
  let app: TestApp;
  let admin: BrowserSession;
  const newUser = (email: string) => ({ email, password: testPassword, role: 'viewer' });

  before(async () => {
    app = await startTestApp();
    admin = await signIn(app, 'admin');
  });
  after(() => app.close());

  const userExists = async (email: string) => (await app.context.db.prisma.user.count({ where: { email } })) === 1;

  test('a form post without the CSRF token is refused with 403 and changes nothing', async () => {
    const response = await admin.request('/admin/users', { form: newUser('no-token@example.test'), csrf: false });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /CSRF/);
    assert.equal(await userExists('no-token@example.test'), false);
  });

  test('a wrong CSRF token is refused', async () => {
    const response = await admin.request('/admin/users', { form: { ...newUser('wrong-token@example.test'), _csrf: 'csrf_guessed' }, csrf: false });
    assert.equal(response.status, 403);
    assert.equal(await userExists('wrong-token@example.test'), false);
  });

  test('another session’s CSRF token does not work for this session', async () => {
    const other = await signIn(app, 'admin');
    const response = await admin.request('/admin/users', { form: { ...newUser('other-token@example.test'), _csrf: other.csrfToken }, csrf: false });
    assert.equal(response.status, 403);
  });

  test('the hidden field or the X-CSRF-Token header (htmx) lets the post through', async () => {
    const viaField = await admin.request('/admin/users', { form: newUser('field@example.test') });
    assert.equal(viaField.status, 303);
    const viaHeader = await admin.request('/admin/users', { form: newUser('header@example.test'), csrf: false, headers: { 'x-csrf-token': admin.csrfToken, 'hx-request': 'true' } });
    assert.equal(viaHeader.status, 204);
    assert.equal(viaHeader.headers.get('hx-redirect'), '/admin/users?done=created');
    assert.ok((await userExists('field@example.test')) && (await userExists('header@example.test')));
  });

  test('JSON API writes on a session need the token too', async () => {
    const response = await admin.request('/api/v1/integrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 403);
  });

  test('a cross-site request is refused even with a valid token (Origin and Sec-Fetch-Site)', async () => {
    const foreignOrigin = await admin.request('/admin/users', { form: newUser('evil1@example.test'), headers: { origin: 'https://evil.example' } });
    assert.equal(foreignOrigin.status, 403);
    const crossSite = await admin.request('/admin/users', { form: newUser('evil2@example.test'), headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    assert.equal(await userExists('evil1@example.test'), false);
    assert.equal(await userExists('evil2@example.test'), false);
  });

  test('a login form posted from another site is refused (login CSRF)', async () => {
    const response = await fetch(`${app.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email: admin.email, password: testPassword }),
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.getSetCookie().length, 0);
  });

  test('logging out needs the token, so another site cannot sign people out', async () => {
    const response = await admin.request('/logout', { form: {}, csrf: false });
    assert.equal(response.status, 403);
    assert.equal((await admin.request('/admin/users')).status, 200, 'still signed in');
  });

  test('bearer-token API calls need no CSRF token', async () => {
    const created = await apiClient(app.url).post('/api/v1/integrations', { name: 'Bearer made', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, paused: true });
    assert.equal(created.status, 201);
  });

  test('the token pages carry for htmx is the session’s token (hx-headers on <body>)', async () => {
    const page = await (await admin.request('/admin/integrations')).text();
    assert.ok(page.includes(admin.csrfToken), 'the page embeds the CSRF token');
    assert.match(page, /hx-headers="[^"]*X-CSRF-Token/);
  });
});
