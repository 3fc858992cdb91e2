/** The admin UI for users: add, change role, delete — never yourself, never the last admin. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteUser, setUserRole } from '../../src/services/users.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { postLogin, signIn, testPassword, type BrowserSession } from '../helpers/session.ts';

describe('admin UI: users', () => {
  let app: TestApp;
  let admin: BrowserSession;
  const user = (email: string) => app.context.db.prisma.user.findUnique({ where: { email } });

  before(async () => {
    app = await startTestApp();
    admin = await signIn(app, 'admin');
  });
  after(() => app.close());

  test('an admin adds a viewer, who can then sign in', async () => {
    const response = await admin.request('/admin/users', { form: { email: 'New.Viewer@Example.test', password: testPassword, role: 'viewer' } });
    assert.equal(response.status, 303);
    assert.equal((await user('new.viewer@example.test'))?.role, 'viewer');
    assert.equal((await postLogin(app.url, 'new.viewer@example.test', testPassword)).response.status, 303);
  });

  test('bad input is shown next to the fields and the password is not echoed back', async () => {
    const response = await admin.request('/admin/users', { form: { email: 'not-an-email', password: 'short-pw', role: 'viewer' } });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="u-email-error"/);
    assert.match(html, /id="u-password-error"/);
    assert.ok(!html.includes('short-pw'));
  });

  test('a duplicate email is refused', async () => {
    const response = await admin.request('/admin/users', { form: { email: admin.email, password: testPassword, role: 'viewer' } });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /already/);
  });

  test('roles change, and the change applies to live sessions at once', async () => {
    const viewer = await signIn(app, 'viewer');
    assert.equal((await viewer.request('/admin/users')).status, 403);
    assert.equal((await admin.request(`/admin/users/${viewer.userId}/role`, { form: { role: 'admin' } })).status, 303);
    assert.equal((await viewer.request('/admin/users')).status, 200, 'same session, new role');
    assert.equal((await admin.request(`/admin/users/${viewer.userId}/role`, { form: { role: 'viewer' } })).status, 303);
    assert.equal((await viewer.request('/admin/users')).status, 403);
  });

  test('nobody changes their own role or deletes themselves', async () => {
    const role = await admin.request(`/admin/users/${admin.userId}/role`, { form: { role: 'viewer' } });
    assert.equal(role.status, 403);
    const removed = await admin.request(`/admin/users/${admin.userId}/delete`, { form: {} });
    assert.equal(removed.status, 403);
    assert.equal((await user(admin.email))?.role, 'admin');
    const page = await (await admin.request('/admin/users')).text();
    assert.doesNotMatch(page, new RegExp(`action="/admin/users/${admin.userId}/delete"`), 'no button for yourself');
  });

  test('deleting a user ends their sessions', async () => {
    const viewer = await signIn(app, 'viewer');
    assert.equal((await viewer.request('/api/v1/integrations')).status, 200);
    assert.equal((await admin.request(`/admin/users/${viewer.userId}/delete`, { form: {} })).status, 303);
    assert.equal((await viewer.request('/api/v1/integrations')).status, 401);
  });

  test('the last admin can be neither demoted nor deleted (an API token acting has no "yourself")', async () => {
    await app.context.db.prisma.user.updateMany({ where: { id: { not: admin.userId } }, data: { role: 'viewer' } });
    await assert.rejects(setUserRole(app.context, null, admin.userId, 'viewer'), /last admin/);
    await assert.rejects(deleteUser(app.context, null, admin.userId), /last admin/);
    assert.equal((await user(admin.email))?.role, 'admin');
  });
});
