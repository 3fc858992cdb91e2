/** Login attempts are limited per account and per address, in PostgreSQL: the limit holds across instances. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loginLimits } from '../../src/services/login-limit.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, postLogin, testPassword } from '../helpers/session.ts';

describe('login limiting across two instances', () => {
  let first: TestApp;
  let second: TestApp;
  let now = new Date('2030-03-01T10:00:00Z');
  const clock = () => now;

  before(async () => {
    first = await startTestApp({ clock });
    second = await startTestApp({ clock, database: first.database });
  });
  after(async () => {
    await second.close();
    await first.close();
  });

  test('wrong passwords spread over both instances lock the account on both, even for the right password', async () => {
    const user = await addUser(first, 'viewer');
    for (let attempt = 0; attempt < loginLimits.account.attempts; attempt += 1) {
      const instance = attempt % 2 === 0 ? first : second;
      const { response } = await postLogin(instance.url, user.email, `wrong password ${attempt}`);
      assert.equal(response.status, 401, `attempt ${attempt + 1} is judged`);
    }
    for (const instance of [first, second]) {
      const { response, cookie } = await postLogin(instance.url, user.email, testPassword);
      assert.equal(response.status, 429);
      assert.ok(Number(response.headers.get('retry-after')) > 0, 'says when to retry');
      assert.equal(cookie, undefined);
    }
  });

  test('the lock ends when the window has passed', async () => {
    const user = await addUser(first, 'viewer');
    for (let attempt = 0; attempt <= loginLimits.account.attempts; attempt += 1) await postLogin(second.url, user.email, 'wrong password!');
    assert.equal((await postLogin(first.url, user.email, testPassword)).response.status, 429);
    now = new Date(now.getTime() + (loginLimits.account.windowSeconds + 1) * 1000);
    const { response, cookie } = await postLogin(first.url, user.email, testPassword);
    assert.equal(response.status, 303);
    assert.ok(cookie);
  });

  test('a successful login clears the account’s failed attempts', async () => {
    const user = await addUser(first, 'viewer');
    for (let attempt = 0; attempt < loginLimits.account.attempts - 1; attempt += 1) await postLogin(first.url, user.email, 'wrong password!');
    assert.equal((await postLogin(second.url, user.email, testPassword)).response.status, 303);
    for (let attempt = 0; attempt < loginLimits.account.attempts - 1; attempt += 1) await postLogin(first.url, user.email, 'wrong password!');
    assert.equal((await postLogin(second.url, user.email, testPassword)).response.status, 303, 'the earlier failures no longer count');
  });

  test('one address spraying many accounts is stopped across both instances', async () => {
    now = new Date(now.getTime() + 3600_000);
    let limited = 0;
    for (let attempt = 0; attempt <= loginLimits.address.attempts; attempt += 1) {
      const instance = attempt % 2 === 0 ? first : second;
      const { response } = await postLogin(instance.url, `spray${attempt}@example.test`, 'guess guess guess');
      if (response.status === 429) limited += 1;
      else assert.equal(response.status, 401);
    }
    assert.equal(limited, 1, `attempt ${loginLimits.address.attempts + 1} from the same address is refused`);
  });
});
