/** Sign-in, session cookies, expiry and sign-out against a real instance. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMaintenanceTask } from '../../src/jobs/maintenance.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, postLogin, signIn, testPassword } from '../helpers/session.ts';

describe('sessions', () => {
  let app: TestApp;
  let now = new Date('2030-01-01T00:00:00Z');
  before(async () => {
    app = await startTestApp({ clock: () => now });
  });
  after(() => app.close());

  test('a correct password sets an HttpOnly, SameSite=Lax session cookie and redirects to next', async () => {
    const user = await addUser(app, 'viewer');
    const { response, setCookie } = await postLogin(app.url, user.email, testPassword);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/integrations/health');
    assert.ok(setCookie, 'a cookie is set');
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.doesNotMatch(setCookie, /Secure/i, 'plain http without PUBLIC_URL https: not Secure');
  });

  test('a wrong password is refused with the same message as an unknown email', async () => {
    const user = await addUser(app, 'viewer');
    const wrong = await postLogin(app.url, user.email, 'not the password at all');
    const unknown = await postLogin(app.url, 'nobody@example.test', 'not the password at all');
    assert.equal(wrong.response.status, 401);
    assert.equal(unknown.response.status, 401);
    assert.equal(wrong.cookie, undefined);
    assert.match(await wrong.response.text(), /Email or password is wrong/);
    assert.match(await unknown.response.text(), /Email or password is wrong/);
  });

  test('every login issues a new session id and ends the one the browser came with', async () => {
    const session = await signIn(app, 'admin');
    const again = await postLogin(app.url, session.email, testPassword, { cookie: session.cookie });
    assert.ok(again.cookie);
    assert.notEqual(again.cookie, session.cookie);
    const old = await session.request('/admin/integrations');
    assert.equal(old.status, 302, 'the old cookie no longer works');
    assert.match(old.headers.get('location') ?? '', /^\/login/);
  });

  test('the database keeps only a hash of the session id', async () => {
    const session = await signIn(app, 'viewer');
    const token = decodeURIComponent(session.cookie.split('=')[1]!);
    const rows = await app.context.db.pool.query('SELECT id_hash FROM sessions');
    assert.ok(rows.rows.length > 0);
    assert.ok(rows.rows.every((row: { id_hash: string }) => row.id_hash !== token && /^[0-9a-f]{64}$/.test(row.id_hash)));
  });

  test('a session expires after a week without use', async () => {
    const session = await signIn(app, 'viewer');
    assert.equal((await session.request('/api/v1/integrations')).status, 200);
    now = new Date(now.getTime() + 8 * 24 * 3600_000);
    const expired = await session.request('/api/v1/integrations');
    assert.equal(expired.status, 401);
  });

  test('a session in use is renewed, but ends 30 days after login', async () => {
    const session = await signIn(app, 'viewer');
    for (let day = 6; day <= 24; day += 6) {
      now = new Date(now.getTime() + 6 * 24 * 3600_000);
      assert.equal((await session.request('/api/v1/integrations')).status, 200, `still signed in after ${day} days of regular use`);
    }
    now = new Date(now.getTime() + 6 * 24 * 3600_000 + 60_000);
    assert.equal((await session.request('/api/v1/integrations')).status, 401, 'past the absolute lifetime');
  });

  test('the hourly maintenance task deletes expired sessions and finished login windows', async () => {
    const live = await signIn(app, 'viewer');
    await app.context.db.pool.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ('old', $1, 'x', $2, $2)`, [live.userId, new Date(now.getTime() - 3600_000)]);
    await app.context.db.pool.query(`INSERT INTO rate_limits (key, window_start, count) VALUES ('login:address:old', $1, 3), ('login:address:recent', $2, 1)`, [new Date(now.getTime() - 3 * 3600_000), now]);
    await runMaintenanceTask(app.context, 'auth-state');
    const sessions = await app.context.db.pool.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    assert.ok(!sessions.rows.some((row) => row.id_hash === 'old'));
    assert.equal((await live.request('/api/v1/integrations')).status, 200, 'live sessions stay');
    const keys = (await app.context.db.pool.query<{ key: string }>('SELECT key FROM rate_limits')).rows.map((row) => row.key);
    assert.ok(keys.includes('login:address:recent'));
    assert.ok(!keys.includes('login:address:old'));
  });

  test('signing out ends the session on the server, not only in the browser', async () => {
    const session = await signIn(app, 'admin');
    const out = await session.request('/logout', { form: {} });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie().join('\n'), /ih_session=;/);
    const after = await session.request('/api/v1/integrations');
    assert.equal(after.status, 401, 'the old cookie is dead even if a browser kept it');
  });
});

describe('Secure cookies behind HTTPS', () => {
  test('PUBLIC_URL with https makes the cookie Secure with the __Host- prefix', async () => {
    const app = await startTestApp({ env: { PUBLIC_URL: 'https://health.example.test' } });
    try {
      const user = await addUser(app, 'viewer');
      const { setCookie } = await postLogin(app.url, user.email, testPassword, { origin: 'https://health.example.test' });
      assert.ok(setCookie);
      assert.match(setCookie, /^__Host-ih_session=/);
      assert.match(setCookie, /Secure/);
    } finally {
      await app.close();
    }
  });

  test('X-Forwarded-Proto counts only with TRUST_PROXY=true', async () => {
    const trusting = await startTestApp({ env: { TRUST_PROXY: 'true' } });
    const untrusting = await startTestApp();
    try {
      for (const [app, secure] of [
        [trusting, true],
        [untrusting, false],
      ] as const) {
        const user = await addUser(app, 'viewer');
        const { setCookie } = await postLogin(app.url, user.email, testPassword, { 'x-forwarded-proto': 'https', origin: app.url.replace('http:', secure ? 'https:' : 'http:') });
        assert.ok(setCookie, `login worked (TRUST_PROXY=${secure})`);
        assert.equal(/;\s*Secure/i.test(setCookie), secure);
      }
    } finally {
      await trusting.close();
      await untrusting.close();
    }
  });
});
