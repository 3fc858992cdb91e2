/** API and kiosk tokens: made in the admin UI, shown once, stored hashed, scoped, revocable. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startTestApp, testAdminToken, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';

/** Opens a WebSocket and reports how the upgrade went: 'open' or the refusing HTTP status. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.on('error', () => undefined);
  });
}

describe('API and kiosk tokens', () => {
  let app: TestApp;
  let admin: BrowserSession;

  async function createToken(form: Record<string, string>): Promise<{ status: number; page: string; token: string | undefined }> {
    const response = await admin.request('/admin/tokens', { form });
    const page = await response.text();
    return { status: response.status, page, token: /<code class="secret-once">(ih_[\w-]{43})<\/code>/.exec(page)?.[1] };
  }

  before(async () => {
    app = await startTestApp();
    admin = await signIn(app, 'admin');
    const api = apiClient(app.url);
    await api.post('/api/v1/integrations', { slug: 'ops-db', name: 'Ops DB', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, tags: ['ops'], paused: true });
    await api.post('/api/v1/integrations', { slug: 'sales-crm', name: 'Sales CRM', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, tags: ['sales'], paused: true });
  });
  after(() => app.close());

  test('a new token is shown once and only its hash is stored', async () => {
    const created = await createToken({ name: 'CI pipeline', scope: 'read' });
    assert.equal(created.status, 201);
    assert.ok(created.token, 'the page shows the token');
    assert.match(created.page, /shown only this once/);
    assert.equal(created.page.match(new RegExp(created.token!, 'g'))?.length, 1);
    const rows = await app.context.db.pool.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    assert.ok(rows.rows.every((row) => row.token_hash !== created.token && /^[0-9a-f]{64}$/.test(row.token_hash)));
    const later = await (await admin.request('/admin/tokens')).text();
    assert.ok(later.includes('CI pipeline'));
    assert.ok(!later.includes(created.token!), 'never shown again');
  });

  test('a read token reads with Authorization: Bearer and is refused every change', async () => {
    const { token } = await createToken({ name: 'reader', scope: 'read' });
    const api = apiClient(app.url, { authorization: `Bearer ${token}` });
    assert.equal((await api.get('/api/v1/integrations')).status, 200);
    assert.equal((await api.post('/api/v1/integrations', { name: 'nope', kind: 'tcp', config: { host: 'x', port: 1 } })).status, 403);
    assert.equal((await api.patch('/api/v1/integrations/ops-db', { name: 'renamed' })).status, 403);
    assert.equal((await api.delete('/api/v1/integrations/ops-db')).status, 403);
    assert.equal((await api.post('/api/v1/integrations/ops-db/checks')).status, 403);
    assert.equal((await app.context.db.prisma.integration.findUniqueOrThrow({ where: { slug: 'ops-db' } })).name, 'Ops DB');
  });

  test('an admin token may change things; a revoked token stops working at once', async () => {
    const { token } = await createToken({ name: 'automation', scope: 'admin' });
    const api = apiClient(app.url, { authorization: `Bearer ${token}` });
    assert.equal((await api.patch('/api/v1/integrations/ops-db', { name: 'Ops DB' })).status, 200);
    const row = await app.context.db.prisma.apiToken.findFirstOrThrow({ where: { name: 'automation' } });
    const revoked = await admin.request(`/admin/tokens/${row.id}/revoke`, { form: {} });
    assert.equal(revoked.status, 303);
    const refused = await api.get('/api/v1/integrations');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'unauthorized');
  });

  test('ADMIN_TOKEN from the environment is an admin token, but never accepted in a link', async () => {
    assert.equal((await apiClient(app.url).patch('/api/v1/integrations/ops-db', { name: 'Ops DB' })).status, 200);
    const link = await fetch(`${app.url}/board?token=${testAdminToken}`, { redirect: 'manual' });
    assert.equal(link.status, 401);
  });

  test('a kiosk link opens the board, pinned to its tag, and nothing else', async () => {
    const created = await createToken({ name: 'Ops wall', scope: 'kiosk', tag: 'ops' });
    const token = created.token!;
    assert.match(created.page, /\/board\?token=ih_[\w-]{43}&amp;tag=ops/, 'the page offers the board link');

    const redirected = await fetch(`${app.url}/board?token=${token}`, { redirect: 'manual' });
    assert.equal(redirected.status, 302);
    assert.equal(new URL(redirected.headers.get('location')!, app.url).searchParams.get('tag'), 'ops');
    const other = await fetch(`${app.url}/board?token=${token}&tag=sales`, { redirect: 'manual' });
    assert.equal(new URL(other.headers.get('location')!, app.url).searchParams.get('tag'), 'ops', 'another tag is not reachable');

    const board = await fetch(`${app.url}/board?token=${token}&tag=ops`);
    assert.equal(board.status, 200);
    const html = await board.text();
    assert.ok(html.includes('Ops DB'));
    assert.ok(!html.includes('Sales CRM'));

    for (const path of ['/integrations/health', '/integrations/ops-db', '/api/v1/integrations', '/admin/integrations']) {
      const response = await fetch(`${app.url}${path}?token=${token}`, { redirect: 'manual', headers: { accept: 'application/json' } });
      assert.ok([401, 403].includes(response.status), `${path} → ${response.status}`);
    }
    const asBearer = await fetch(`${app.url}/api/v1/integrations`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(asBearer.status, 403);
  });

  test('the board socket takes the kiosk token, for the board view and its tag only', async () => {
    const { token } = await createToken({ name: 'Ops wall socket', scope: 'kiosk', tag: 'ops' });
    const ws = app.url.replace('http', 'ws');
    assert.equal(await upgrade(`${ws}/ws?view=board&tag=ops&token=${token}`), 'open');
    assert.equal(await upgrade(`${ws}/ws?view=board&tag=sales&token=${token}`), 403);
    assert.equal(await upgrade(`${ws}/ws?view=dashboard&tag=ops&token=${token}`), 403);
    assert.equal(await upgrade(`${ws}/ws?view=board&tag=ops`), 401, 'no token, no login: refused');
    assert.equal(await upgrade(`${ws}/api/v1/events?token=${token}`), 401, 'the JSON event stream takes no link tokens');
  });

  test('the board page hands its kiosk token on to its WebSocket URL', async () => {
    const { token } = await createToken({ name: 'Lobby', scope: 'kiosk' });
    const html = await (await fetch(`${app.url}/board?token=${token}`)).text();
    const wsUrl = /ws-connect="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(wsUrl, 'the board connects a socket');
    assert.equal(new URL(wsUrl, app.url).searchParams.get('token'), token);
    assert.equal(await upgrade(`${app.url.replace('http', 'ws')}${wsUrl}`), 'open');
  });

  test('a signed-in browser’s socket upgrade from a foreign page is refused (cross-site WebSocket hijacking)', async () => {
    const ws = app.url.replace('http', 'ws');
    assert.equal(await upgrade(`${ws}/ws?view=dashboard`, { cookie: admin.cookie, origin: app.url }), 'open');
    assert.equal(await upgrade(`${ws}/ws?view=dashboard`, { cookie: admin.cookie, origin: 'https://evil.example' }), 403);
  });
});
