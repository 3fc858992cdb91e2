/**
 * After integrations and alert channels are created with known secret values and run for real
 * (checks against local servers that echo credentials back, alerts delivered, tests sent),
 * none of those values appears in any API response, page, WebSocket message, export or log
 * line — and the database holds them only encrypted.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createApp } from '../../src/app.ts';
import { exportConfig } from '../../src/config-file/export.ts';
import { testAdminToken, waitFor } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startLoggedApp, type LoggedTestApp } from '../helpers/logged-app.ts';
import { signIn, testPassword, type BrowserSession } from '../helpers/session.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

const secrets = {
  httpHeader: 'leak-http-header-5be1c0a7d9',
  httpPassword: 'leak-basic-password-77f3a1',
  slackToken: 'xoxb-leak-slack-token-a8c4e2',
  postgresPassword: 'leakpgpassword4b7d',
  gmailClientSecret: 'leak-gmail-client-secret-3e9f',
  gmailRefreshToken: 'leak-gmail-refresh-token-61d0',
  mcpHeader: 'leak-mcp-bearer-2c5a8f',
  webhookHeader: 'leak-webhook-header-93bd17',
  slackHookPath: 'T000LEAK/B000LEAK/leakslackhookpath',
  smtpPassword: 'leak-smtp-password-0a1b2c',
};

/** Checked services answer with a failure that echoes the credentials they were sent. */
async function startEchoingServer() {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const echo = `auth=${request.headers.authorization ?? ''} headers=${JSON.stringify(request.headers)} body=${body}`;
      if (request.url?.startsWith('/token')) {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'invalid_grant', error_description: echo }));
      } else if (request.url?.startsWith('/hook') || request.url?.startsWith('/services')) {
        // Alert receivers accept, so deliveries settle without retries.
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      } else if (request.url?.startsWith('/slack-api')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error: 'invalid_auth', echo }));
      } else {
        response.writeHead(503, { 'content-type': 'text/plain', 'x-echo': encodeURIComponent(echo).slice(0, 2000) });
        response.end(echo);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function findLeaks(text: string, where: string, values: string[]): string[] {
  return values.filter((value) => text.includes(value)).map((value) => `${where} contains ${value}`);
}

describe('secrets never leave', () => {
  let app: LoggedTestApp;
  let echo: Awaited<ReturnType<typeof startEchoingServer>>;
  let sink: SmtpSink;
  let admin: BrowserSession;
  let apiToken: string;
  const collected: { where: string; text: string }[] = [];
  const wsMessages: string[] = [];
  const sockets: WebSocket[] = [];
  const slugs: string[] = [];
  let allSecrets: string[] = [];

  const keep = async (where: string, response: Response) => {
    const text = await response.text();
    collected.push({ where, text: `${[...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${text}` });
    return text;
  };

  before(async () => {
    echo = await startEchoingServer();
    sink = await new SmtpSink({ users: { alerts: secrets.smtpPassword } }).start();
    app = await startLoggedApp({
      env: {
        ALERT_DOWN_AFTER: '1',
        MANUAL_CHECK_COOLDOWN_SECONDS: '0',
        ALERT_RETRY_DELAY_SECONDS: '1',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        SMTP_USER: 'alerts',
        SMTP_PASS: secrets.smtpPassword,
        SMTP_FROM: 'alerts@example.test',
        PUBLIC_URL: 'http://health.example.test',
      },
    });
    admin = await signIn(app, 'admin');
    const created = await admin.request('/admin/tokens', { form: { name: 'leak test', scope: 'read' } });
    apiToken = /<code class="secret-once">(ih_[\w-]{43})<\/code>/.exec(await created.text())![1]!;
    allSecrets = [...Object.values(secrets), testAdminToken, testPassword, apiToken, decodeURIComponent(admin.cookie.split('=')[1]!)];

    const api = apiClient(app.url);
    const ws = app.url.replace('http', 'ws');
    for (const url of [`${ws}/ws?view=dashboard`, `${ws}/api/v1/events`]) {
      const socket = new WebSocket(url, { headers: { cookie: admin.cookie, origin: app.url } });
      socket.on('message', (data) => wsMessages.push(String(data)));
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      sockets.push(socket);
    }

    const integrations = [
      { slug: 'leak-http', name: 'Leak HTTP', kind: 'http', config: { url: `${echo.base}/health`, secretHeaders: { Authorization: `Bearer ${secrets.httpHeader}` }, basicAuthUser: 'user', basicAuthPassword: secrets.httpPassword } },
      { slug: 'leak-slack', name: 'Leak Slack', kind: 'slack', config: { token: secrets.slackToken, baseUrl: `${echo.base}/slack-api` } },
      { slug: 'leak-postgres', name: 'Leak Postgres', kind: 'postgres', config: { url: `postgres://monitor:${secrets.postgresPassword}@127.0.0.1:1/app` } },
      { slug: 'leak-gmail', name: 'Leak Gmail', kind: 'gmail', config: { clientId: 'client-id', clientSecret: secrets.gmailClientSecret, refreshToken: secrets.gmailRefreshToken, tokenUrl: `${echo.base}/token`, baseUrl: `${echo.base}/gmail` } },
      { slug: 'leak-mcp', name: 'Leak MCP', kind: 'mcp', config: { url: `${echo.base}/mcp`, secretHeaders: { Authorization: `Bearer ${secrets.mcpHeader}` } } },
    ];
    for (const body of integrations) {
      const response = await fetch(`${app.url}/api/v1/integrations`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await keep(`POST /api/v1/integrations (${body.kind})`, response);
      assert.equal(response.status, 201, text);
      slugs.push(body.slug);
    }
    const channels = [
      { name: 'Leak webhook', kind: 'webhook', config: { url: `${echo.base}/hook`, headers: { 'X-Hook-Key': secrets.webhookHeader } } },
      { name: 'Leak Slack hook', kind: 'slack', config: { url: `${echo.base}/services/${secrets.slackHookPath}` } },
      { name: 'Leak email', kind: 'email', config: { to: ['oncall@example.test'] } },
    ];
    for (const body of channels) {
      const response = await fetch(`${app.url}/api/v1/alert-channels`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await keep(`POST /api/v1/alert-channels (${body.kind})`, response);
      assert.equal(response.status, 201, text);
      // The generated webhook signing secret is shown once on purpose; it is a secret from now on.
      const signing = (JSON.parse(text) as { signingSecret?: string }).signingSecret;
      if (signing) {
        allSecrets.push(signing);
        collected.pop();
      }
    }

    // Every integration checked (all fail against the echoing server), alerts delivered, channel tests sent.
    await waitFor(async () => (await app.context.db.prisma.integration.count({ where: { slug: { in: slugs }, lastCheckedAt: { not: null } } })) === slugs.length, 20_000, 'first checks');
    for (const slug of slugs) await api.post(`/api/v1/integrations/${slug}/checks`);
    for (const channel of await app.context.db.prisma.alertChannel.findMany()) {
      await keep(`POST test channel ${channel.id}`, await fetch(`${app.url}/api/v1/alert-channels/${channel.id}/test`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}` } }));
      await keep(`admin send test ${channel.id}`, await admin.request(`/admin/channels/${channel.id}/test`, { form: {}, headers: { 'hx-request': 'true' } }));
    }
    await waitFor(() => sink.messages.length > 0, 20_000, 'an alert email');
    await waitFor(async () => (await app.context.db.pool.query(`SELECT count(*)::int AS n FROM alert_deliveries WHERE state IN ('pending','sending')`)).rows[0].n === 0, 30_000, 'deliveries settled');
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await app?.close();
    await sink?.stop();
    await echo?.close();
  });

  test('the setup exercised every secret: checks ran and failed, alerts went out', async () => {
    const rows = await app.context.db.prisma.integration.findMany({ where: { slug: { in: slugs } } });
    assert.ok(rows.every((row) => row.lastMessage), 'every integration has a check message');
    assert.ok(sink.messages.some((mail) => mail.user === 'alerts'), 'SMTP login used the password');
    assert.ok(allSecrets.length >= 14);
  });

  test('no API response, page or Try-it result contains a secret', async () => {
    const channelIds = (await app.context.db.prisma.alertChannel.findMany({ select: { id: true } })).map((row) => String(row.id));
    const deliveryIds = (await app.context.db.pool.query<{ id: number }>('SELECT id FROM alert_deliveries')).rows.map((row) => String(row.id));
    const windowIds: string[] = [];
    const userIds = (await app.context.db.prisma.user.findMany({ select: { id: true } })).map((row) => String(row.id));
    const candidates = (path: string): string[][] => {
      if (path.includes(':slug')) return slugs.map((slug) => [':slug', slug]);
      if (/alert-channels\/:id|channels\/:id/.test(path)) return channelIds.map((id) => [':id', id]);
      if (/alerts\/:id|deliveries\/:id/.test(path)) return deliveryIds.map((id) => [':id', id]);
      if (/maintenance/.test(path)) return windowIds.map((id) => [':id', id]);
      if (/users\/:id/.test(path)) return userIds.map((id) => [':id', id]);
      return [['', '']];
    };
    const getRoutes = createApp(app.context).routes.filter((route) => route.method === 'GET' && !route.path.startsWith('/public') && !route.path.includes('/checks/:id') && !route.path.includes(':token'));
    let fetched = 0;
    for (const route of getRoutes) {
      for (const [param, value] of candidates(route.path)) {
        const path = (param ? route.path.replace(param, value!) : route.path).replace(/:tag/g, 'ops').replace(/\*/g, 'x');
        if (/:[a-z]/i.test(path)) continue;
        await keep(`GET ${path} (token)`, await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${testAdminToken}`, accept: 'application/json' } }));
        await keep(`GET ${path} (session)`, await admin.request(path, { headers: { accept: 'text/html' } }));
        fetched += 2;
      }
    }
    for (const slug of slugs) {
      await keep(`try ${slug}`, await admin.request('/admin/integrations/try', { form: { editing: slug }, headers: { 'hx-request': 'true' } }));
    }
    // Bad input that carries a secret must not be echoed back in the error.
    await keep('invalid PATCH', await fetch(`${app.url}/api/v1/integrations/leak-http`, { method: 'PATCH', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ config: { secretHeaders: { 'bad header': secrets.httpHeader }, basicAuthPassword: 12 } }) }));
    await keep('invalid channel', await fetch(`${app.url}/api/v1/alert-channels`, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', kind: 'webhook', config: { url: secrets.webhookHeader, secret: secrets.webhookHeader } }) }));
    assert.ok(fetched > 40, `fetched ${fetched} responses`);
    const leaks = collected.flatMap((entry) => findLeaks(entry.text, entry.where, allSecrets));
    assert.deepEqual(leaks, []);
  });

  test('no WebSocket message contains a secret', () => {
    assert.ok(wsMessages.length > 0, 'messages were received');
    assert.deepEqual(wsMessages.flatMap((message, index) => findLeaks(message, `ws message ${index}`, allSecrets)), []);
  });

  test('the config export writes placeholders, not secrets', async () => {
    const exported = await exportConfig({ prisma: app.context.db.prisma, secrets: app.context.secrets });
    assert.ok(exported.yaml.includes('leak-http'));
    assert.deepEqual(findLeaks(exported.yaml, 'export', allSecrets), []);
  });

  test('no log line contains a secret (logs at trace level)', () => {
    assert.ok(app.logs.length > 50, `${app.logs.length} log lines`);
    assert.deepEqual(app.logs.flatMap((line, index) => findLeaks(line, `log line ${index}: ${line.slice(0, 200)}`, allSecrets)), []);
  });

  test('at rest, secrets are only stored encrypted', async () => {
    const dump = JSON.stringify([
      ...(await app.context.db.pool.query('SELECT * FROM integrations')).rows,
      ...(await app.context.db.pool.query('SELECT * FROM alert_channels')).rows,
      ...(await app.context.db.pool.query('SELECT * FROM alert_deliveries')).rows,
      ...(await app.context.db.pool.query('SELECT * FROM api_tokens')).rows,
      ...(await app.context.db.pool.query('SELECT * FROM sessions')).rows,
      ...(await app.context.db.pool.query('SELECT * FROM users')).rows,
    ]);
    assert.deepEqual(findLeaks(dump, 'database', allSecrets), []);
  });
});
