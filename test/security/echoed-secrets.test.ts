/**
 * Targets that echo part of a credential back — `{"msg":"invalid token: <token>"}` to
 * `Authorization: Bearer <token>`, lower-cased, URL-encoded in a redirect, in a response header,
 * base64 or decoded Basic credentials, JSON-escaped, an OAuth token learned during the run —
 * checked for real by the worker. No form of any secret reaches the stored results, the API,
 * the detail page, the live event stream or a webhook payload.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { startTestApp, testAdminToken, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';

const secrets = {
  bearer: 'Zq7+Echo/Bearer=Tok9fA2',
  lowered: 'MiXeD-Case-Token-4Kq8',
  apiKey: 'key"with\\quote-71c3',
  basicUser: 'svc-monitor',
  basicPassword: 'Basic-Pa55/w0rd-e81',
  refreshToken: '1//Refresh-Token-b7Q2',
  accessToken: 'ya29.Learned-Access-Q5zR',
};
const basicToken = Buffer.from(`${secrets.basicUser}:${secrets.basicPassword}`).toString('base64');

/** Every way a secret might show: as is, lower-cased, URL-encoded, JSON-escaped; Basic decoded. */
const leakForms = [
  ...[secrets.bearer, secrets.lowered, secrets.apiKey, secrets.basicPassword, secrets.refreshToken, secrets.accessToken, basicToken, `${secrets.basicUser}:${secrets.basicPassword}`].flatMap((value) => [
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ]),
];

function leaksIn(text: string, where: string): string[] {
  const lower = text.toLowerCase();
  return leakForms.filter((form) => lower.includes(form.toLowerCase())).map((form) => `${where} contains ${form}`);
}

/** Answers every request with whatever credential it was sent, in the form its path asks for. */
async function startEchoTarget() {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://target');
    const credential = (request.headers.authorization ?? '').replace(/^\w+ /, '');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    switch (url.pathname) {
      case '/bearer':
        return json(401, { msg: `invalid token: ${credential}` });
      case '/lowered':
        return json(401, { msg: credential.toLowerCase() });
      case '/redirect':
        response.writeHead(302, { location: `/landing?token=${encodeURIComponent(credential)}` }).end();
        return;
      case '/landing':
        return json(200, { msg: 'ok' });
      case '/header':
        response.writeHead(200, { 'content-type': `application/json; token=${credential}` }).end('not json');
        return;
      case '/basic':
        return json(401, { msg: `(${Buffer.from(credential, 'base64').toString('utf8').toLowerCase()}) ${credential}` });
      case '/api-key':
        return json(403, { msg: String(request.headers['x-api-key']) });
      case '/token': {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk));
        request.on('end', () => json(200, { access_token: secrets.accessToken, expires_in: 3600, token_type: 'Bearer' }));
        return;
      }
      case '/gmail/users/me/profile':
        // The reason goes into the message and details: the learned token lower-cased, the refresh token encoded.
        return json(403, { error: { status: 'PERMISSION_DENIED', errors: [{ reason: `denied ${credential.toLowerCase()} ${encodeURIComponent(secrets.refreshToken)}` }] } });
      default:
        return json(404, { msg: 'no such path' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const msgIsOk = [{ path: '$.msg', op: 'equals', value: 'ok' }];

describe('secrets echoed back by a target are redacted before they are stored', () => {
  let app: TestApp;
  let target: Awaited<ReturnType<typeof startEchoTarget>>;
  let receiver: HttpReceiver;
  let admin: BrowserSession;
  let events: WebSocket;
  const eventMessages: string[] = [];
  const slugs: string[] = [];

  before(async () => {
    target = await startEchoTarget();
    receiver = await startWebhookReceiver();
    receiver.answer({ status: 200 });
    app = await startTestApp({ env: { ALERT_DOWN_AFTER: '1', MANUAL_CHECK_COOLDOWN_SECONDS: '0' } });
    admin = await signIn(app, 'admin');
    const api = apiClient(app.url);
    events = new WebSocket(`${app.url.replace('http', 'ws')}/api/v1/events`, { headers: { authorization: `Bearer ${testAdminToken}` } });
    events.on('message', (data) => eventMessages.push(String(data)));
    await new Promise((resolve, reject) => {
      events.once('open', resolve);
      events.once('error', reject);
    });
    const channel = await api.post('/api/v1/alert-channels', { name: 'Echo webhook', kind: 'webhook', config: { url: `${receiver.url}/hook` } });
    assert.equal(channel.status, 201, JSON.stringify(channel.body));

    const bearer = { secretHeaders: { Authorization: `Bearer ${secrets.bearer}` } };
    const integrations = [
      { slug: 'echo-bearer', config: { url: `${target.base}/bearer`, ...bearer, expectedStatus: [401], jsonAssertions: msgIsOk } },
      { slug: 'echo-lowered', config: { url: `${target.base}/lowered`, secretHeaders: { Authorization: `token ${secrets.lowered}` }, expectedStatus: [401], jsonAssertions: msgIsOk } },
      { slug: 'echo-redirect', config: { url: `${target.base}/redirect`, ...bearer, keyword: 'never there' } },
      { slug: 'echo-header', config: { url: `${target.base}/header`, ...bearer, jsonAssertions: msgIsOk } },
      { slug: 'echo-basic', config: { url: `${target.base}/basic`, basicAuthUser: secrets.basicUser, basicAuthPassword: secrets.basicPassword, expectedStatus: [401], jsonAssertions: msgIsOk } },
      { slug: 'echo-api-key', config: { url: `${target.base}/api-key`, secretHeaders: { 'X-Api-Key': secrets.apiKey }, expectedStatus: [403], jsonAssertions: msgIsOk } },
    ].map((integration) => ({ ...integration, name: integration.slug, kind: 'http' }));
    integrations.push({
      slug: 'echo-oauth',
      name: 'echo-oauth',
      kind: 'gmail',
      config: { clientId: 'client-id', clientSecret: 'client-secret-value', refreshToken: secrets.refreshToken, tokenUrl: `${target.base}/token`, baseUrl: `${target.base}/gmail` } as never,
    });
    for (const body of integrations) {
      const created = await api.post('/api/v1/integrations', body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      slugs.push(body.slug);
    }
    const ids = (await app.context.db.prisma.integration.findMany({ where: { slug: { in: slugs } }, select: { id: true } })).map((row) => row.id);
    await waitFor(async () => (await app.context.db.prisma.checkResult.groupBy({ by: ['integrationId'], where: { integrationId: { in: ids } } })).length === slugs.length, 30_000, 'a result for every integration');
    await waitFor(() => receiver.requests.length >= slugs.length, 30_000, 'a down alert per integration');
  });

  after(async () => {
    events?.close();
    await app?.close();
    await receiver?.close();
    await target?.close();
  });

  test('the target echoed: every message names what differed, with the secret replaced', async () => {
    const rows = await app.context.db.prisma.integration.findMany({ where: { slug: { in: slugs } }, select: { slug: true, lastMessage: true } });
    const messages = Object.fromEntries(rows.map((row) => [row.slug, row.lastMessage]));
    assert.deepEqual(messages, {
      'echo-bearer': '$.msg: expected "ok", got "invalid token: [redacted]"',
      'echo-lowered': '$.msg: expected "ok", got "[redacted]"',
      'echo-redirect': 'keyword "never there" not found',
      'echo-header': 'response body is not valid JSON (content-type application/json; token=[redacted])',
      'echo-basic': '$.msg: expected "ok", got "([redacted]) [redacted]"',
      'echo-api-key': '$.msg: expected "ok", got "[redacted]"',
      'echo-oauth': 'The Gmail API answered HTTP 403 (denied [redacted] [redacted])',
    });
    const redirect = await app.context.db.pool.query<{ details: { finalUrl: string } }>("SELECT details FROM check_results r JOIN integrations i ON i.id = r.integration_id WHERE i.slug = 'echo-redirect'");
    assert.equal(redirect.rows[0]?.details.finalUrl, `${target.base}/landing?token=[redacted]`);
  });

  test('stored result rows and integration rows hold no form of any secret', async () => {
    const results = await app.context.db.pool.query('SELECT * FROM check_results');
    const integrations = await app.context.db.pool.query('SELECT id, slug, last_message, config FROM integrations');
    const changes = await app.context.db.pool.query('SELECT * FROM status_changes');
    const deliveries = await app.context.db.pool.query('SELECT * FROM alert_deliveries');
    assert.ok(results.rows.length >= slugs.length);
    assert.deepEqual(leaksIn(JSON.stringify([results.rows, integrations.rows, changes.rows, deliveries.rows]), 'database'), []);
  });

  test('API responses and detail pages hold no form of any secret', async () => {
    const api = apiClient(app.url);
    const texts: [string, string][] = [];
    texts.push(['GET /api/v1/integrations', JSON.stringify((await api.get('/api/v1/integrations')).body)]);
    for (const slug of slugs) {
      for (const path of [`/api/v1/integrations/${slug}`, `/api/v1/integrations/${slug}/history?resolution=raw`, `/api/v1/integrations/${slug}/health`]) {
        const response = await api.get(path);
        assert.equal(response.status, 200, path);
        texts.push([`GET ${path}`, JSON.stringify(response.body)]);
      }
      const page = await admin.request(`/integrations/${slug}`);
      const html = await page.text();
      assert.equal(page.status, 200);
      if (slug !== 'echo-redirect') assert.ok(html.includes('[redacted]'), `the detail page of ${slug} shows the redacted message`);
      texts.push([`page /integrations/${slug}`, html]);
    }
    texts.push(['dashboard', await (await admin.request('/integrations/health')).text()]);
    assert.deepEqual(texts.flatMap(([where, text]) => leaksIn(text, where)), []);
  });

  test('live events and webhook payloads hold no form of any secret', () => {
    assert.ok(eventMessages.some((message) => message.includes('[redacted]')), 'events carried the redacted messages');
    assert.ok(receiver.requests.some((request) => request.body.includes('[redacted]')), 'webhooks carried the redacted messages');
    assert.deepEqual([...eventMessages.flatMap((message, index) => leaksIn(message, `event ${index}`)), ...receiver.requests.flatMap((request, index) => leaksIn(request.body, `webhook ${index}`))], []);
  });
});
