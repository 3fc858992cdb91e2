/** The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or through the one-time setup link in the log. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLoggedApp } from '../helpers/logged-app.ts';
import { postLogin } from '../helpers/session.ts';

describe('first admin', () => {
  test('ADMIN_EMAIL and ADMIN_PASSWORD create the first admin at start, who can sign in', async () => {
    const app = await startLoggedApp({ env: { ADMIN_EMAIL: 'First@Example.test', ADMIN_PASSWORD: 'first admin password' }, level: 'info' });
    try {
      const users = await app.context.db.prisma.user.findMany();
      assert.deepEqual(users.map((user) => [user.email, user.role]), [['first@example.test', 'admin']]);
      assert.notEqual(users[0]!.passwordHash, 'first admin password');
      assert.match(users[0]!.passwordHash, /^scrypt\$/);
      const { response, cookie } = await postLogin(app.url, 'first@example.test', 'first admin password');
      assert.equal(response.status, 303);
      assert.ok(cookie);
      assert.ok(!app.logs.some((line) => line.includes('first admin password')), 'the password is not logged');
      assert.ok(!app.logs.some((line) => line.includes('/setup?token=')), 'no setup link when the admin came from the environment');
    } finally {
      await app.close();
    }
  });

  test('without them the log carries a setup link that works once, and there is no open setup page', async () => {
    const app = await startLoggedApp({ level: 'info' });
    try {
      const line = app.logs.find((entry) => entry.includes('/setup?token='));
      assert.ok(line, 'the setup link is logged');
      const link = new URL(/(http\S+\/setup\?token=[\w-]+)/.exec(JSON.parse(line).msg)![1]!);
      const token = link.searchParams.get('token')!;

      assert.equal((await fetch(`${app.url}/setup`)).status, 403, 'no token, no page');
      assert.equal((await fetch(`${app.url}/setup?token=guess`)).status, 403);
      const page = await fetch(`${app.url}/setup?token=${token}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Create the first admin/);

      const post = (body: Record<string, string>, origin = app.url) =>
        fetch(`${app.url}/setup`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: new URLSearchParams(body) });
      const mismatch = await post({ token, email: 'owner@example.test', password: 'long enough password', confirm: 'something else entirely' });
      assert.equal(mismatch.status, 422);
      assert.match(await mismatch.text(), /does not match/);

      const created = await post({ token, email: 'owner@example.test', password: 'long enough password', confirm: 'long enough password' });
      assert.equal(created.status, 303);
      assert.ok(created.headers.getSetCookie().some((cookie) => cookie.startsWith('ih_session=')), 'signed in at once');
      const owner = await app.context.db.prisma.user.findUniqueOrThrow({ where: { email: 'owner@example.test' } });
      assert.equal(owner.role, 'admin');

      const again = await post({ token, email: 'intruder@example.test', password: 'long enough password', confirm: 'long enough password' });
      assert.equal(again.status, 410, 'the link is spent');
      assert.equal((await fetch(`${app.url}/setup?token=${token}`)).status, 410);
      assert.equal(await app.context.db.prisma.user.count(), 1);
    } finally {
      await app.close();
    }
  });
});
