import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpCheck, MAX_BODY_BYTES } from '../../src/checks/http.ts';
import { closedPort, SAMPLE_JSON, startHttpTarget, type HttpTarget } from '../helpers/http-target.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';
import { selfSignedCert, startTlsServer } from '../helpers/tls-certs.ts';

let target: HttpTarget;
let other: HttpTarget;

before(async () => {
  target = await startHttpTarget();
  other = await startHttpTarget();
});
after(async () => {
  await target.close();
  await other.close();
});

/** Parses config like the app will (defaults applied) and runs the check. */
function check(config: Record<string, unknown>, context = netCheckContext()) {
  return observed(httpCheck.run(httpCheck.configSchema.parse(config), context));
}

function requestsTo(server: HttpTarget, pathPrefix: string) {
  return server.requests.filter((r) => r.path.startsWith(pathPrefix));
}

describe('http check: status and latency', () => {
  test('a fast 200 is up and reports status, size, type and final URL', async () => {
    const result = await check({ url: target.url('/fast') });
    assert.equal(result.status, 'up');
    assert.match(result.message, /^HTTP 200 in \d+ ms$/);
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 2000);
    assert.equal(result.details?.statusCode, 200);
    assert.equal(result.details?.bytes, 2);
    assert.equal(result.details?.redirects, 0);
    assert.equal(result.details?.finalUrl, target.url('/fast'));
    assert.equal(result.details?.method, 'GET');
    assert.match(String(result.details?.contentType), /^text\/plain/);
  });

  test('a 500 is down and the message names the expected range', async () => {
    const result = await check({ url: target.url('/status?code=500') });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'HTTP 500 (expected 200-299)');
    assert.equal(result.details?.statusCode, 500);
  });

  test('a custom status list accepts listed codes and names itself when another arrives', async () => {
    const accepted = await check({ url: target.url('/status?code=418'), expectedStatus: ['200-299', 418] });
    assert.equal(accepted.status, 'up');
    const rejected = await check({ url: target.url('/status?code=503'), expectedStatus: ['200-299', 418] });
    assert.equal(rejected.message, 'HTTP 503 (expected 200-299, 418)');
  });

  test('a flaky endpoint is seen up, then down, then up again', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await check({ url: target.url('/flaky') })).status);
    assert.deepEqual(statuses, ['up', 'down', 'up']);
  });

  test('a response slower than degradedAboveMs is degraded, naming latency and threshold', async () => {
    const result = await check({ url: target.url('/slow?ms=150'), degradedAboveMs: 50 });
    assert.equal(result.status, 'degraded');
    assert.ok(result.latencyMs >= 150, `latency ${result.latencyMs}`);
    assert.equal(result.message, `HTTP 200, slow response: ${result.latencyMs} ms (degraded above 50 ms)`);
  });

  test('a response within degradedAboveMs stays up', async () => {
    const result = await check({ url: target.url('/fast'), degradedAboveMs: 2000 });
    assert.equal(result.status, 'up');
  });

  test('a failing status wins over slowness: a slow 500 is down, not degraded', async () => {
    const result = await check({ url: target.url('/status?code=500'), degradedAboveMs: 1, expectedStatus: [200] });
    assert.equal(result.status, 'down');
  });
});

describe('http check: body conditions', () => {
  test('a present keyword passes and a missing keyword is down with its name', async () => {
    const url = target.url('/text?body=all+systems+operational');
    assert.equal((await check({ url, keyword: 'operational' })).status, 'up');
    const missing = await check({ url, keyword: 'ok' });
    assert.equal(missing.status, 'down');
    assert.equal(missing.message, 'keyword "ok" not found');
  });

  test('a keyword that must be absent is down when it appears', async () => {
    const url = target.url('/text?body=partial+outage');
    const result = await check({ url, absentKeyword: 'outage' });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'keyword "outage" found (expected absent)');
    assert.equal((await check({ url, absentKeyword: 'error' })).status, 'up');
  });

  test('every JSON assertion op passes against a matching body', async () => {
    const result = await check({
      url: target.url('/json'),
      jsonAssertions: [
        { path: '$.status', op: 'equals', value: 'ok' },
        { path: '$.version', op: 'equals', value: 3 },
        { path: '$.queue.workers', op: 'contains', value: 'beta' },
        { path: '$.items[1].name', op: 'contains', value: 'sec' },
        { path: "$['key with space']", op: 'exists' },
        { path: '$.gone', op: 'exists', value: false },
        { path: '$.queue.depth', op: 'lessThan', value: 100 },
        { path: '$.queue.depth', op: 'greaterThan', value: 10 },
      ],
    });
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.failedAssertions, undefined);
  });

  test('a failed JSON assertion is down with expected and actual values', async () => {
    const result = await check({ url: target.url('/json'), jsonAssertions: [{ path: '$.status', op: 'equals', value: 'fail' }] });
    assert.equal(result.status, 'down');
    assert.equal(result.message, '$.status: expected "fail", got "ok"');
    assert.deepEqual(result.details?.failedAssertions, ['$.status: expected "fail", got "ok"']);
  });

  test('several failed assertions are all listed and the message counts the rest', async () => {
    const result = await check({
      url: target.url('/json'),
      jsonAssertions: [
        { path: '$.queue.depth', op: 'lessThan', value: 5 },
        { path: '$.healthy', op: 'equals', value: false },
        { path: '$.missing', op: 'exists' },
        { path: '$.status', op: 'equals', value: SAMPLE_JSON.status },
      ],
    });
    assert.equal(result.message, '$.queue.depth: expected less than 5, got 12 (and 2 more)');
    assert.deepEqual(result.details?.failedAssertions, [
      '$.queue.depth: expected less than 5, got 12',
      '$.healthy: expected false, got true',
      '$.missing: not found',
    ]);
  });

  test('JSON assertions on a body that is not JSON are down and say so', async () => {
    const result = await check({ url: target.url('/fast'), jsonAssertions: [{ path: '$.status', op: 'exists' }] });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^response body is not valid JSON \(content-type text\/plain/);
  });

  test('at most 1 MB of the body is read, so a marker past it is never seen', async () => {
    const result = await check({ url: target.url('/big'), keyword: 'END-MARKER' });
    assert.equal(result.details?.bytes, MAX_BODY_BYTES);
    assert.equal(result.details?.truncated, true);
    assert.equal(result.message, 'keyword "END-MARKER" not found (in the part of the body read)');
  });
});

describe('http check: what is sent', () => {
  test('POST sends the body, headers, secret headers and basic auth', async () => {
    const before = requestsTo(target, '/echo').length;
    const result = await check({
      url: target.url('/echo'),
      method: 'POST',
      body: '{"ping":true}',
      headers: { 'content-type': 'application/json', 'x-custom': 'plain' },
      secretHeaders: { 'x-api-key': 'key-123' },
      basicAuthUser: 'monitor',
      basicAuthPassword: 'pa55word',
      jsonAssertions: [
        { path: '$.method', op: 'equals', value: 'POST' },
        { path: '$.body', op: 'equals', value: '{"ping":true}' },
        { path: "$.headers['x-custom']", op: 'equals', value: 'plain' },
      ],
    });
    assert.equal(result.status, 'up', result.message);
    const sent = requestsTo(target, '/echo').slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.headers['x-api-key'], 'key-123');
    assert.equal(sent[0]?.headers.authorization, `Basic ${Buffer.from('monitor:pa55word').toString('base64')}`);
    assert.match(String(sent[0]?.headers['user-agent']), /^IntegrationHealth\//);
  });

  for (const method of ['HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    test(`${method} is sent as ${method}`, async () => {
      const result = await check({ url: target.url(`/echo?m=${method}`), method });
      assert.equal(result.status, 'up');
      assert.equal(requestsTo(target, `/echo?m=${method}`).at(-1)?.method, method);
      if (method === 'HEAD') assert.equal(result.details?.bytes, 0);
    });
  }

  test('secret values never reach the message, even when the server echoes them back', async () => {
    const result = await check({
      url: target.url('/echo'),
      secretHeaders: { authorization: 'Bearer s3cret-token-value' },
      jsonAssertions: [{ path: '$.headers.authorization', op: 'equals', value: 'nope' }],
    });
    assert.equal(result.status, 'down');
    assert.ok(!result.message.includes('s3cret-token-value'), result.message);
    assert.equal(result.message, '$.headers.authorization: expected "nope", got "[redacted]"');
    assert.ok(!JSON.stringify(result.details).includes('s3cret-token-value'));
  });
});

describe('http check: redirects', () => {
  test('a chain of 3 redirects is followed to its end and counted', async () => {
    const result = await check({ url: target.url('/chain?n=3') });
    assert.equal(result.status, 'up');
    assert.equal(result.details?.redirects, 3);
    assert.equal(result.details?.finalUrl, target.url('/chain?n=0'));
  });

  test('exactly maxRedirects redirects are allowed and one more is too many', async () => {
    assert.equal((await check({ url: target.url('/chain?n=5'), maxRedirects: 5 })).status, 'up');
    const result = await check({ url: target.url('/chain?n=6'), maxRedirects: 5 });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'too many redirects (limit 5)');
  });

  test('a redirect loop stops at the limit after exactly limit + 1 requests', async () => {
    const before = requestsTo(target, '/loop').length;
    const result = await check({ url: target.url('/loop'), maxRedirects: 2 });
    assert.equal(result.message, 'too many redirects (limit 2)');
    assert.equal(requestsTo(target, '/loop').length - before, 3);
  });

  test('maxRedirects 0 judges the redirect response itself', async () => {
    const down = await check({ url: target.url('/chain?n=1&code=301'), maxRedirects: 0 });
    assert.equal(down.message, 'HTTP 301 (expected 200-299)');
    const up = await check({ url: target.url('/chain?n=1&code=301'), maxRedirects: 0, expectedStatus: ['200-299', 301] });
    assert.equal(up.status, 'up');
  });

  test('a 303 after POST becomes a GET without body, while a 307 keeps method and body', async () => {
    const to = encodeURIComponent('/echo?after=redirect');
    const seeOther = await check({
      url: target.url(`/redirect-to?code=303&to=${to}`),
      method: 'POST',
      body: 'payload',
      jsonAssertions: [{ path: '$.method', op: 'equals', value: 'GET' }, { path: '$.body', op: 'equals', value: '' }],
    });
    assert.equal(seeOther.status, 'up', seeOther.message);
    const temporary = await check({
      url: target.url(`/redirect-to?code=307&to=${to}`),
      method: 'POST',
      body: 'payload',
      jsonAssertions: [{ path: '$.method', op: 'equals', value: 'POST' }, { path: '$.body', op: 'equals', value: 'payload' }],
    });
    assert.equal(temporary.status, 'up', temporary.message);
  });

  test('credentials are dropped on a redirect to another origin but plain headers are kept', async () => {
    const before = requestsTo(other, '/echo').length;
    const to = encodeURIComponent(other.url('/echo?cross=1'));
    const result = await check({
      url: target.url(`/redirect-to?to=${to}`),
      headers: { 'x-plain': 'visible' },
      secretHeaders: { authorization: 'Bearer cross-origin-secret' },
      basicAuthUser: 'u',
    });
    assert.equal(result.status, 'up');
    const received = requestsTo(other, '/echo').slice(before);
    assert.equal(received.length, 1);
    assert.equal(received[0]?.headers.authorization, undefined);
    assert.equal(received[0]?.headers['x-plain'], 'visible');
  });
});

describe('http check: unreachable targets', () => {
  test('a slow server past the timeout stops promptly with "Timed out after N ms"', async () => {
    const started = Date.now();
    await assert.rejects(check({ url: target.url('/slow?ms=5000') }, netCheckContext({ timeoutMs: 200 })), {
      message: 'Timed out after 200 ms',
    });
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });

  test('an already aborted signal fails at once with the timeout message', async () => {
    const context = netCheckContext({ timeoutMs: 1000, signal: AbortSignal.abort() });
    await assert.rejects(check({ url: target.url('/fast') }, context), { message: 'Timed out after 1000 ms' });
  });

  test('a closed port is reported as connection refused with the address', async () => {
    const port = await closedPort();
    await assert.rejects(check({ url: `http://127.0.0.1:${port}/` }), { message: `Connection refused by 127.0.0.1:${port}` });
  });

  test('an https server with a self-signed certificate is down in plain words', async () => {
    const server = await startTlsServer(await selfSignedCert({ commonName: 'localhost', validToDays: 30 }));
    try {
      await assert.rejects(check({ url: `https://127.0.0.1:${server.port}/` }), {
        message: 'TLS certificate is self-signed (not issued by a trusted authority)',
      });
    } finally {
      await server.close();
    }
  });

  test('an unresolvable host is reported as a DNS failure', async () => {
    // .invalid never resolves (RFC 6761); the timeout bounds a resolver that hangs instead of failing.
    await assert.rejects(check({ url: 'http://health.example.invalid/' }, netCheckContext({ timeoutMs: 3000 })), {
      message: /^(DNS lookup failed for health\.example\.invalid|Timed out after 3000 ms)$/,
    });
  });
});

describe('http check: config schema', () => {
  test('defaults are GET, 200-299, five redirects, no headers and no assertions', () => {
    const config = httpCheck.configSchema.parse({ url: 'https://example.com/health' });
    assert.equal(config.method, 'GET');
    assert.deepEqual(config.expectedStatus, ['200-299']);
    assert.equal(config.maxRedirects, 5);
    assert.deepEqual(config.headers, {});
    assert.deepEqual(config.secretHeaders, {});
    assert.deepEqual(config.jsonAssertions, []);
  });

  test('secret headers and the basic auth password are declared secret', () => {
    assert.deepEqual([...httpCheck.secretFields].sort(), ['basicAuthPassword', 'secretHeaders']);
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a body on a GET', { method: 'GET', body: 'x' }, /a GET request cannot have a body/],
    ['a malformed status range', { expectedStatus: ['2xx'] }, /"2xx" is not a status code/],
    ['a JSON path without $', { jsonAssertions: [{ path: 'status', op: 'exists' }] }, /must start with "\$"/],
    ['an equals without a value', { jsonAssertions: [{ path: '$.a', op: 'equals' }] }, /equals needs a value/],
    ['credentials inside the URL', { url: 'https://user:pw@example.com/' }, /not in the URL/],
    ['a non-http URL', { url: 'ftp://example.com/' }, /url/i],
    ['a negative redirect limit', { maxRedirects: -1 }, /maxRedirects/],
  ];
  for (const [name, overrides, error] of invalid) {
    test(`rejects ${name}`, () => {
      const parsed = httpCheck.configSchema.safeParse({ url: 'https://example.com/', ...overrides });
      assert.equal(parsed.success, false);
      assert.match(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n') ?? '', error);
    });
  }

  test('a secret header with a line break is rejected without echoing its value', () => {
    const parsed = httpCheck.configSchema.safeParse({
      url: 'https://example.com/',
      secretHeaders: { authorization: 'Bearer top-secret\r\nx: y' },
    });
    assert.equal(parsed.success, false);
    const text = JSON.stringify(parsed.error?.issues);
    assert.equal(parsed.error?.issues[0]?.message, 'secret header "authorization" contains a line break');
    assert.ok(!text.includes('top-secret'));
  });
});
