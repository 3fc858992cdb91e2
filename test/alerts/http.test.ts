import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../src/alerts/errors.ts';
import { postJson } from '../../src/alerts/http.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';

const TOKEN_PATH = '/hooks/T0123/B0456/s3cr3tT0kenValue987';

describe('postJson against a real HTTP server', () => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startHttpReceiver();
  });
  after(async () => {
    await receiver.close();
  });

  const outcomes: Array<[number, 'ok' | 'retryable' | 'permanent']> = [
    [200, 'ok'],
    [204, 'ok'],
    [301, 'permanent'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
    [408, 'retryable'],
    [425, 'retryable'],
    [429, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
  ];
  for (const [status, expected] of outcomes) {
    test(`an answer of ${status} is ${expected}`, async () => {
      receiver.answer({ status, headers: status === 301 ? { location: '/elsewhere' } : {} });
      const attempt = postJson(receiver.url + TOKEN_PATH, '{"a":1}', { timeoutMs: 2000 });
      if (expected === 'ok') {
        assert.equal((await attempt).status, status);
        return;
      }
      await assert.rejects(attempt, (error) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.permanent, expected === 'permanent');
        assert.equal(error.status, status);
        assert.match(error.message, new RegExp(`^127\\.0\\.0\\.1:\\d+ answered ${status}`));
        return true;
      });
    });
  }

  test('the request is a JSON POST carrying the exact text and extra headers', async () => {
    receiver.answer({ status: 200 });
    await postJson(receiver.url + '/in', '{"exact":  "spacing"}', { timeoutMs: 2000, headers: { 'x-extra': 'yes' } });
    const request = receiver.requests.at(-1);
    assert.equal(request?.method, 'POST');
    assert.equal(request?.body, '{"exact":  "spacing"}');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['x-extra'], 'yes');
  });

  test('error messages never contain the URL path, even when the peer echoes it', async () => {
    receiver.answer((request) => ({ status: 404, body: `no route for ${request.path} (token ${request.path.split('/').at(-1)})` }));
    await assert.rejects(postJson(receiver.url + TOKEN_PATH, '{}', { timeoutMs: 2000 }), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.ok(!error.message.includes('s3cr3tT0kenValue987'), error.message);
      assert.ok(!error.message.includes('/hooks/'), error.message);
      assert.match(error.message, /\[redacted\]/);
      return true;
    });
  });

  test('extra secrets passed in are scrubbed from the peer answer', async () => {
    receiver.answer((request) => ({ status: 401, body: `bad auth ${String(request.headers.authorization)}` }));
    const attempt = postJson(receiver.url, '{}', { timeoutMs: 2000, headers: { authorization: 'Bearer tok-abcdef123' }, redact: ['Bearer tok-abcdef123'] });
    await assert.rejects(attempt, (error) => error instanceof DeliveryError && !error.message.includes('tok-abcdef123'));
  });

  test('a huge error body is cut to a short snippet', async () => {
    receiver.answer({ status: 500, body: 'x'.repeat(1_000_000) });
    await assert.rejects(postJson(receiver.url, '{}', { timeoutMs: 5000 }), (error) => error instanceof DeliveryError && error.message.length < 300);
  });

  test('Retry-After on a 429 is passed on in seconds', async () => {
    receiver.answer({ status: 429, headers: { 'retry-after': '30' } });
    await assert.rejects(postJson(receiver.url, '{}', { timeoutMs: 2000 }), { retryAfterSeconds: 30, permanent: false });
  });

  test('a peer slower than the timeout is a retryable timeout', async () => {
    receiver.answer({ status: 200, delayMs: 2000 });
    await assert.rejects(postJson(receiver.url, '{}', { timeoutMs: 150 }), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, false);
      assert.match(error.message, /did not answer within 150 ms/);
      return true;
    });
  });

  test('a cancelled caller signal is reported as cancelled, retryable', async () => {
    receiver.answer({ status: 200, delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(postJson(receiver.url, '{}', { timeoutMs: 5000, signal: controller.signal }), {
      permanent: false,
      message: /was cancelled/,
    });
  });
});

describe('postJson without a reachable peer', () => {
  test('a refused connection is retryable and names only the host', async () => {
    const receiver = await startHttpReceiver();
    const url = receiver.url + TOKEN_PATH;
    await receiver.close();
    await assert.rejects(postJson(url, '{}', { timeoutMs: 2000 }), (error) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, false);
      assert.match(error.message, /could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
      assert.ok(!error.message.includes('s3cr3t'));
      return true;
    });
  });

  test('an invalid URL, a non-http scheme or embedded credentials are permanent', async () => {
    for (const url of ['not a url', 'ftp://example.com/x', 'https://user:pa55@example.com/x']) {
      await assert.rejects(postJson(url, '{}', { timeoutMs: 1000 }), (error) => {
        assert.ok(error instanceof DeliveryError && error.permanent);
        assert.ok(!error.message.includes('pa55'));
        return true;
      });
    }
  });
});
