import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';

let app: TestApp;
let api: ReturnType<typeof apiClient>;
let pushUrl: string;

before(async () => {
  app = await startTestApp();
  api = apiClient(app.url);
});

after(() => app.close());

const latest = async (slug: string) =>
  (
    await app.context.db.pool.query(
      'SELECT r.status, r.message, r.trigger FROM check_results r JOIN integrations i ON i.id = r.integration_id WHERE i.slug = $1 ORDER BY r.started_at DESC LIMIT 1',
      [slug],
    )
  ).rows[0];

test('creating a push integration returns its push URL once', async () => {
  const response = await api.post('/api/v1/integrations', { slug: 'nightly-backup', name: 'Nightly backup', kind: 'push', config: { graceSeconds: 0 }, intervalSeconds: 5 });
  assert.equal(response.status, 201);
  assert.match(response.body.pushUrl, /^\/api\/v1\/push\/[\w-]{20,}$/);
  pushUrl = response.body.pushUrl;
  const again = await api.get('/api/v1/integrations/nightly-backup');
  assert.doesNotMatch(JSON.stringify(again.body), new RegExp(pushUrl.split('/').at(-1)!));
});

test('a GET ping records an up result with trigger push', async () => {
  const response = await fetch(`${app.url}${pushUrl}`);
  assert.equal(response.status, 200);
  assert.deepEqual(await latest('nightly-backup'), { status: 'up', message: 'Ping received', trigger: 'push' });
});

test('a POST ping can report down with a message', async () => {
  const response = await fetch(`${app.url}${pushUrl}?status=down&msg=disk%20full`, { method: 'POST' });
  assert.equal(response.status, 200);
  assert.deepEqual(await latest('nightly-backup'), { status: 'down', message: 'disk full', trigger: 'push' });
});

test('a bad status is refused with 400 naming the field', async () => {
  const response = await fetch(`${app.url}${pushUrl}?status=sideways`);
  assert.equal(response.status, 400);
  assert.deepEqual((await response.json()).error.issues[0].path, ['status']);
});

test('an unknown token answers 404', async () => {
  assert.equal((await fetch(`${app.url}/api/v1/push/not-a-token`)).status, 404);
});

test('no ping within interval + grace turns it down', async () => {
  await fetch(`${app.url}${pushUrl}`);
  const quiet = await waitFor(async () => {
    const row = await latest('nightly-backup');
    return row.trigger === 'schedule' ? row : undefined;
  }, 15_000, 'the missed-ping check');
  assert.equal(quiet.status, 'down');
  assert.match(quiet.message, /^No ping for \d+ s \(expected every 5 s \+ 0 s grace\)$/);
});
