/** The secret redaction every observation goes through, as tables: what is found, what is left. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { checkKinds } from '../../src/checks/registry.ts';
import { configSecrets, runCheck } from '../../src/checks/runner.ts';
import { defineCheckKind } from '../../src/checks/types.ts';
import { createRedactor, MIN_SECRET_LENGTH, secretParts } from '../../src/security/redact.ts';

const token = 'Zq7-leakToken-9fA2xY';
const basic = Buffer.from('svc-user:Pa55-word/xyz').toString('base64');

describe('redacting secret values and their parts', () => {
  const redactor = createRedactor([`Bearer ${token}`, `Basic ${basic}`, 'postgres://monitor:p%40ss-w0rd!@db.test:5432/app?sslpassword=ssl-key-pass&sslmode=require']);
  const cases: [string, string, string][] = [
    ['the whole header value', `sent Bearer ${token}`, 'sent [redacted]'],
    ['the credential after the scheme word', `{"msg":"invalid token: ${token}"}`, '{"msg":"invalid token: [redacted]"}'],
    ['lower-cased', `token ${token.toLowerCase()} unknown`, 'token [redacted] unknown'],
    ['upper-cased', `TOKEN ${token.toUpperCase()}`, 'TOKEN [redacted]'],
    ['URL-encoded with lower-case hex', `next=/x%3ft%3d${encodeURIComponent('Pa55-word/xyz').toLowerCase()}`, 'next=/x%3ft%3d[redacted]'],
    ['the base64 Basic credential', `got ${basic}`, 'got [redacted]'],
    ['the decoded user:password', 'auth svc-user:Pa55-word/xyz refused', 'auth [redacted] refused'],
    ['the password of a Basic credential', 'password Pa55-word/xyz is wrong', 'password [redacted] is wrong'],
    ['JSON-escaped with an escaped slash', '{"p":"Pa55-word\\/xyz"}', '{"p":"[redacted]"}'],
    ['the decoded password of a URL', 'auth failed for p@ss-w0rd!', 'auth failed for [redacted]'],
    ['the encoded password of a URL', 'url had p%40ss-w0rd! in it', 'url had [redacted] in it'],
    ['a credential query parameter of a URL', 'ssl-key-pass rejected', '[redacted] rejected'],
    ['a cut-off secret before an ellipsis', `got "invalid token: ${token.slice(0, 14)}..."`, 'got "invalid token: [redacted]..."'],
    ['a cut-off secret at the end of the text', `header was ${token.slice(0, 12)}`, 'header was [redacted]'],
  ];
  for (const [what, input, expected] of cases) {
    test(`finds ${what}`, () => assert.equal(redactor.text(input), expected));
  }

  test('leaves non-secret query parameters, user names and host names alone', () => {
    assert.equal(redactor.text('sslmode=require for monitor at db.test'), 'sslmode=require for monitor at db.test');
  });

  test('a short common start of a secret in the middle of a text is not a cut-off secret', () => {
    assert.equal(redactor.text('Zq7-leak happened, then more text'), 'Zq7-leak happened, then more text');
  });

  test(`values shorter than ${MIN_SECRET_LENGTH} characters are not redacted (they would shred every message)`, () => {
    const short = createRedactor(['a', 'ab', 'abc', 'token ab']);
    assert.equal(short.text('a cab at abc: token ab'), 'a cab at abc: [redacted]');
    assert.deepEqual(secretParts('abc'), []);
  });

  test('JSON details: strings and keys at any depth, numbers and booleans as they were', () => {
    const details = { statusCode: 401, ok: false, echo: [{ [token]: `Bearer ${token}` }], nested: { why: token.toLowerCase() } };
    assert.deepEqual(redactor.json(details), { statusCode: 401, ok: false, echo: [{ '[redacted]': '[redacted]' }], nested: { why: '[redacted]' } });
  });

  test('a value learned later is redacted from then on', () => {
    const learning = createRedactor([]);
    assert.equal(learning.text('ya29.fresh-access-token'), 'ya29.fresh-access-token');
    learning.learn(['ya29.fresh-access-token']);
    assert.equal(learning.text('token YA29.FRESH-ACCESS-TOKEN expired'), 'token [redacted] expired');
  });

  test("a kind's secrets: every string of its secret fields, header maps included, and derived ones", () => {
    const config = { url: 'https://x.test', secretHeaders: { Authorization: 'Bearer abc123secret', 'X-Key': 'k-987654' }, basicAuthUser: 'ops', basicAuthPassword: 'pw-secret-1' };
    assert.deepEqual(configSecrets(checkKinds.http, config), ['Bearer abc123secret', 'k-987654', 'pw-secret-1']);
    const parsed = checkKinds.http.configSchema.parse(config);
    assert.deepEqual(checkKinds.http.derivedSecrets?.(parsed), [Buffer.from('ops:pw-secret-1').toString('base64'), 'ops:pw-secret-1']);
  });
});

describe('the runner redacts what a kind reports or throws', () => {
  const options = { timeoutMs: 2_000, intervalSeconds: 60 };
  const schema = z.object({ url: z.string(), apiKey: z.string(), learn: z.string().optional() });
  const echoing = defineCheckKind({
    name: 'echoing',
    description: 'reports its secrets back',
    configSchema: schema,
    secretFields: ['url', 'apiKey'],
    async run(config, ctx) {
      if (config.learn) await ctx.saveSecrets({ accessToken: config.learn });
      return { status: 'down', latencyMs: 1, message: `key ${config.apiKey.toLowerCase()} refused`, details: { url: config.url, learned: config.learn ?? null, when: new Date(0) } };
    },
  });
  const throwing = defineCheckKind({
    name: 'throwing',
    description: 'throws an error quoting its URL',
    configSchema: schema,
    secretFields: ['url', 'apiKey'],
    async run(config) {
      throw new Error(`connect ECONNREFUSED 127.0.0.1:1 as ${new URL(config.url).username}:${decodeURIComponent(new URL(config.url).password)} (key ${encodeURIComponent(config.apiKey)})`);
    },
  });
  const config = { url: 'redis://ops:s3cr3t-pass@127.0.0.1:1/0?token=q-token-77', apiKey: 'key/with spaces&more' };

  test('message and details of an observation lose every secret; details are stored as JSON', async () => {
    const saved: Record<string, string>[] = [];
    const observation = await runCheck(echoing, { ...config, learn: 'ya29.learned-token' }, { ...options, saveSecrets: async (patch) => void saved.push(patch) });
    assert.equal(observation?.message, 'key [redacted] refused');
    assert.deepEqual(observation?.details, { url: '[redacted]', learned: '[redacted]', when: '1970-01-01T00:00:00.000Z' });
    assert.deepEqual(saved, [{ accessToken: 'ya29.learned-token' }], 'the learned token is still saved');
  });

  test('an error thrown by a kind is redacted in the recorded message (URL-encoded parts too)', async () => {
    const observation = await runCheck(throwing, config, options);
    assert.equal(observation?.message, 'connect ECONNREFUSED 127.0.0.1:1 as [redacted] (key [redacted])');
  });

  test('a URL secret keeps its host in messages: only password and credential parameters go', async () => {
    const hosting = defineCheckKind({ ...throwing, run: async () => ({ status: 'down', latencyMs: 1, message: 'user ops could not log in with s3cr3t-pass at 127.0.0.1 (token q-token-77)' }) });
    const observation = await runCheck(hosting, config, options);
    assert.equal(observation?.message, 'user ops could not log in with [redacted] at 127.0.0.1 (token [redacted])');
  });

  test('an invalid stored config does not repeat a secret in the problem it reports', async () => {
    const strict = defineCheckKind({ ...echoing, configSchema: z.object({ apiKey: z.string().regex(/^x/, { error: (issue) => `bad key ${String(issue.input)}` }) }), secretFields: ['apiKey'] });
    const observation = await runCheck(strict, { apiKey: 'secret-api-key-1' }, options);
    assert.equal(observation?.message, 'Invalid echoing configuration — apiKey: bad key [redacted]');
  });
});
