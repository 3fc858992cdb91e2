/**
 * Rotating SECRET_KEY as the README says: with the old key in SECRET_KEY_PREVIOUS everything
 * keeps working and a save re-encrypts with the new key; without it, nothing breaks loudly —
 * secrets show as "unreadable", checks record a down result naming SECRET_KEY_PREVIOUS, and no
 * secret is shown anywhere.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startLoggedApp, type LoggedTestApp } from '../helpers/logged-app.ts';
import { signIn } from '../helpers/session.ts';

const oldKey = 'old-secret-key-0123456789abcdefghijklmnopqr';
const newKey = 'new-secret-key-0123456789abcdefghijklmnopqr';
const apiKey = 'rotation-api-key-4f1c9a77';

describe('SECRET_KEY rotation', () => {
  let database: TestDatabase;
  let target: http.Server;
  let url: string;
  const apps: LoggedTestApp[] = [];
  const start = async (secretKey: string, previousSecretKeys: string[] = []) => {
    const app = await startLoggedApp({ database, secretKey, previousSecretKeys, level: 'info', env: { MANUAL_CHECK_COOLDOWN_SECONDS: '0' } });
    apps.push(app);
    return app;
  };
  const stop = async (app: LoggedTestApp) => {
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  };
  const lastResult = async (app: LoggedTestApp, slug: string, after: Date) =>
    waitFor(async () => {
      const row = await app.context.db.prisma.integration.findUniqueOrThrow({ where: { slug } });
      return row.lastCheckedAt && row.lastCheckedAt > after ? row : undefined;
    }, 15_000, `a new result for ${slug}`);

  before(async () => {
    database = await createTestDatabase();
    target = http.createServer((request, response) => {
      response.statusCode = request.headers['x-api-key'] === apiKey ? 200 : 401;
      response.end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  });
  after(async () => {
    for (const app of [...apps]) await app.close();
    await new Promise((resolve) => target.close(resolve));
    await database.drop();
  });

  test('with the old key in SECRET_KEY_PREVIOUS checks keep working and a save re-encrypts', async () => {
    const first = await start(oldKey);
    for (const slug of ['resaved', 'forgotten']) {
      const created = await apiClient(first.url).post('/api/v1/integrations', { slug, name: slug, kind: 'http', config: { url, secretHeaders: { 'X-Api-Key': apiKey } } });
      assert.equal(created.status, 201);
      assert.equal((await lastResult(first, slug, new Date(0))).status, 'up');
    }
    await stop(first);

    const rotated = await start(newKey, [oldKey]);
    const since = new Date();
    assert.equal((await apiClient(rotated.url).post('/api/v1/integrations/resaved/checks')).status, 202);
    assert.equal((await lastResult(rotated, 'resaved', since)).status, 'up', 'old-key secrets still decrypt');
    const before = (await rotated.context.db.prisma.integration.findUniqueOrThrow({ where: { slug: 'resaved' } })).secrets!;
    assert.equal(rotated.context.secrets.isStale(before), true);
    const admin = await signIn(rotated, 'admin');
    const saved = await admin.request('/admin/integrations/resaved/edit', { form: { name: 'resaved', 'config.url': url, 'config.method': 'GET' } });
    assert.equal(saved.status, 303);
    const after = (await rotated.context.db.prisma.integration.findUniqueOrThrow({ where: { slug: 'resaved' } })).secrets!;
    assert.equal(rotated.context.secrets.isStale(after), false, 'saved with the new key');
    assert.deepEqual(rotated.context.secrets.decryptJson(after).secretHeaders, { 'X-Api-Key': apiKey }, 'the kept secret survived the re-encryption');
    await stop(rotated);
  });

  test('without the old key: "unreadable" instead of errors, and a down result that names the fix', async () => {
    const app = await start(newKey);
    const api = apiClient(app.url);
    const detail = await api.get('/api/v1/integrations/forgotten');
    assert.equal(detail.status, 200);
    assert.deepEqual(detail.body.integration.secrets, { secretHeaders: 'unreadable', basicAuthPassword: 'unreadable' });
    const admin = await signIn(app, 'admin');
    const edit = await admin.request('/admin/integrations/forgotten/edit');
    assert.equal(edit.status, 200);
    assert.match(await edit.text(), /placeholder="unreadable — replace"/);

    const since = new Date();
    assert.equal((await api.post('/api/v1/integrations/forgotten/checks')).status, 202);
    const row = await lastResult(app, 'forgotten', since);
    assert.equal(row.status, 'down');
    assert.match(row.lastMessage ?? '', /SECRET_KEY_PREVIOUS/);
    assert.equal((await api.get('/api/v1/integrations/resaved')).body.integration.secrets.secretHeaders, 'set', 'the re-saved one reads fine');

    // "replace": entering the secret again repairs it.
    const replaced = await admin.request('/admin/integrations/forgotten/edit', { form: { name: 'forgotten', 'config.url': url, 'config.method': 'GET', 'config.secretHeaders': `X-Api-Key: ${apiKey}` } });
    assert.equal(replaced.status, 303);
    assert.deepEqual((await api.get('/api/v1/integrations/forgotten')).body.integration.secrets, { secretHeaders: 'set' });
    const repairedSince = new Date();
    assert.equal((await api.post('/api/v1/integrations/forgotten/checks')).status, 202);
    assert.equal((await lastResult(app, 'forgotten', repairedSince)).status, 'up');
    assert.ok(!app.logs.some((line) => line.includes(apiKey)));
  });
});
