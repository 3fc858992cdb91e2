/**
 * Every route the app serves, enumerated from the router itself, answered for every kind of
 * caller: nobody reaches a non-public route without credentials, viewers and read tokens never
 * reach an admin route, read tokens never change anything, kiosk tokens open the board only.
 * A route added later is covered automatically.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createApp } from '../../src/app.ts';
import { accessFor, type Access } from '../../src/middleware/auth/policy.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';

interface Route {
  method: string;
  path: string;
  concrete: string;
  access: Access;
}

function enumerate(app: TestApp): Route[] {
  const seen = new Map<string, Route>();
  for (const route of createApp(app.context).routes) {
    if (route.method === 'ALL') continue;
    const concrete = route.path
      .replace(/:slug/g, 'policy-probe')
      .replace(/:tag/g, 'probe')
      .replace(/:[a-zA-Z]+/g, '1')
      .replace(/\*/g, 'x');
    const key = `${route.method} ${concrete}`;
    if (!seen.has(key)) seen.set(key, { method: route.method, path: route.path, concrete, access: accessFor(route.method, concrete) });
  }
  return [...seen.values()];
}

function send(app: TestApp, route: Route, headers: Record<string, string>) {
  const changing = !['GET', 'HEAD'].includes(route.method);
  return fetch(`${app.url}${route.concrete}`, {
    method: route.method,
    redirect: 'manual',
    headers: { accept: 'text/html,application/json', ...(changing ? { 'content-type': 'application/x-www-form-urlencoded', origin: app.url } : {}), ...headers },
    ...(changing ? { body: '' } : {}),
  });
}

describe('route policy over the whole router', () => {
  let app: TestApp;
  let routes: Route[];
  let viewer: BrowserSession;
  let readToken: string;
  let kioskToken: string;

  before(async () => {
    app = await startTestApp();
    await apiClient(app.url).post('/api/v1/integrations', { slug: 'policy-probe', name: 'Policy probe', kind: 'tcp', config: { host: '127.0.0.1', port: 9 }, paused: true });
    routes = enumerate(app);
    viewer = await signIn(app, 'viewer');
    readToken = (await createApiToken(app.context, { name: 'reader', scope: 'read' })).token;
    kioskToken = (await createApiToken(app.context, { name: 'wall', scope: 'kiosk' })).token;
  });
  after(() => app.close());

  test('the router has admin routes, read routes and public routes to check', () => {
    const levels = new Set(routes.map((route) => route.access));
    for (const level of ['public', 'read', 'admin'] as const) assert.ok(levels.has(level), `some route is ${level}`);
    assert.ok(routes.length > 30, `enumerated ${routes.length} routes`);
  });

  test('without credentials every non-public route answers 401 (API) or a redirect to /login (pages)', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((item) => item.access !== 'public')) {
      const response = await send(app, route, {});
      await response.body?.cancel();
      const redirectedToLogin = (response.status === 302 || response.status === 303) && (response.headers.get('location') ?? '').startsWith('/login');
      if (response.status !== 401 && !redirectedToLogin) failures.push(`${route.method} ${route.concrete} → ${response.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test('an unknown route is admin-only (fails closed) rather than open', async () => {
    const response = await fetch(`${app.url}/some/route/nobody/declared`, { redirect: 'manual' });
    assert.equal(response.status, 401);
    assert.equal(accessFor('GET', '/some/route/nobody/declared'), 'admin');
  });

  test('a viewer gets 403 on every admin route (with a valid CSRF token, so the role is the reason)', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((item) => item.access === 'admin')) {
      const changing = !['GET', 'HEAD'].includes(route.method);
      const response = await viewer.request(route.concrete, { method: route.method, ...(changing ? { form: {} } : {}), headers: { accept: 'text/html,application/json' } });
      await response.body?.cancel();
      if (response.status !== 403) failures.push(`${route.method} ${route.concrete} → ${response.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test('a viewer can read every read and member route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((item) => (item.access === 'read' || item.access === 'member') && item.method === 'GET')) {
      const response = await viewer.request(route.concrete, { headers: { accept: 'application/json' } });
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) failures.push(`${route.method} ${route.concrete} → ${response.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test('a read-scope token cannot change anything: every non-GET route answers 403', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((item) => !['GET', 'HEAD'].includes(item.method) && item.access !== 'public')) {
      const response = await send(app, route, { authorization: `Bearer ${readToken}` });
      await response.body?.cancel();
      if (response.status !== 403) failures.push(`${route.method} ${route.concrete} → ${response.status}`);
    }
    assert.deepEqual(failures, []);
    const listed = await apiClient(app.url, { authorization: `Bearer ${readToken}` }).get('/api/v1/integrations');
    assert.equal(listed.status, 200, 'but it reads');
  });

  test('a kiosk token opens the board and nothing else that is not public', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((item) => item.access !== 'public' && item.access !== 'board')) {
      const response = await send(app, route, { authorization: `Bearer ${kioskToken}` });
      await response.body?.cancel();
      if (response.status !== 403) failures.push(`${route.method} ${route.concrete} → ${response.status}`);
    }
    assert.deepEqual(failures, []);
    const board = await fetch(`${app.url}/board?token=${kioskToken}`, { redirect: 'manual' });
    assert.equal(board.status, 200);
  });

  test('dot segments in the path cannot sneak an admin route past a public prefix', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(app.url);
      const request = http.request({ host: url.hostname, port: url.port, path: '/public/../admin/users', method: 'GET' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    assert.notEqual(status, 200);
  });
});
