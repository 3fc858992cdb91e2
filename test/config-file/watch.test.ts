/**
 * INTEGRATIONS_FILE wired into a real instance: applied at start (an invalid file stops
 * start-up), applied again when the file is saved, read-only in the API, never touching what was
 * made through the API, and several instances applying it at once do not fight.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { joinSecrets } from '../../src/services/integration-secrets.ts';
import { apiClient } from '../helpers/api.ts';
import { waitFor } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { capturedLogLines, makeConfigDir, saveByReplacing, startLoggedApp, yamlLines, type LoggedApp } from './helpers.ts';
import { sampleFile, sampleSecrets } from './sample-file.ts';

describe('an instance started with INTEGRATIONS_FILE', () => {
  let app: LoggedApp;
  let dir: Awaited<ReturnType<typeof makeConfigDir>>;
  let api: ReturnType<typeof apiClient>;
  const row = (slug: string) => app.context.db.prisma.integration.findUnique({ where: { slug } });

  before(async () => {
    Object.assign(process.env, sampleSecrets);
    dir = await makeConfigDir();
    await writeFile(dir.file, sampleFile);
    app = await startLoggedApp({ env: { INTEGRATIONS_FILE: dir.file } });
    api = apiClient(app.url);
  });

  after(async () => {
    await app?.close();
    await dir?.remove();
    for (const name of Object.keys(sampleSecrets)) delete process.env[name];
  });

  test('creates what the file declares at start, marked as managed by the file, secrets encrypted', async () => {
    const listed = await api.get('/api/v1/integrations');
    assert.deepEqual(listed.body.integrations.map((item: { slug: string }) => item.slug).sort(), ['billing-api', 'cache', 'nightly-backup']);
    for (const item of listed.body.integrations) assert.equal(item.managedBy, 'file:integrations.yaml');

    const billing = await row('billing-api');
    assert.equal(billing?.name, 'Billing API');
    assert.deepEqual(billing?.tags, ['payments']);
    assert.deepEqual(billing?.alertPolicy, { downAfter: 1, reminderMinutes: 30 });
    assert.ok(!billing?.secrets?.includes(sampleSecrets.BILLING_TOKEN), 'stored encrypted');
    assert.deepEqual(joinSecrets(app.context.secrets, billing!).secretHeaders, { Authorization: `Bearer ${sampleSecrets.BILLING_TOKEN}` });
    assert.equal((await row('cache'))?.intervalSeconds, 60);
    assert.ok(app.logs.some((line) => line.msg === 'config file applied: 3 created, 0 updated, 0 deleted'));
  });

  test('the push integration accepts pings on the token from the file', async () => {
    const ping = await api.get(`/api/v1/push/${sampleSecrets.NIGHTLY_PUSH_TOKEN}`);
    assert.equal(ping.status, 200, JSON.stringify(ping.body));
    assert.equal(ping.body.ok, true);
  });

  test('managed integrations refuse API changes and deletion with 409 read_only', async () => {
    const patch = await api.patch('/api/v1/integrations/billing-api', { name: 'Renamed in the UI' });
    assert.equal(patch.status, 409);
    assert.equal(patch.body.error.code, 'read_only');
    assert.match(patch.body.error.message, /managed by file:integrations\.yaml/);
    const removal = await api.delete('/api/v1/integrations/cache');
    assert.equal(removal.status, 409);
    assert.equal(removal.body.error.code, 'read_only');
    assert.equal((await row('billing-api'))?.name, 'Billing API');
  });

  test('a saved edit is applied within a couple of seconds, and API-made integrations are untouched', async () => {
    const made = await api.post('/api/v1/integrations', { slug: 'made-in-ui', name: 'Made in UI', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    assert.equal(made.status, 201);
    const uiBefore = await row('made-in-ui');

    const edited = sampleFile
      .replace('    name: Billing API', '    name: Billing API (EU)')
      .replace(/  - slug: cache\n(.*\n){3}/, '')
      .concat(yamlLines('  - slug: status-page', '    kind: tcp', '    config: { host: 127.0.0.1, port: 10 }'));
    const started = Date.now();
    await saveByReplacing(dir.file, edited);
    await waitFor(async () => (await row('billing-api'))?.name === 'Billing API (EU)' && (await row('status-page')) && !(await row('cache')), 3_000, 'the edit to be applied');
    assert.ok(Date.now() - started < 3_000);

    const uiAfter = await row('made-in-ui');
    assert.equal(uiAfter?.managedBy, null);
    assert.equal(uiAfter?.updatedAt.getTime(), uiBefore?.updatedAt.getTime(), 'the API-made row was not written to');
    const line = await waitFor(() => app.logs.find((entry) => entry.msg === 'config file applied: 1 created, 1 updated, 1 deleted'), 2_000, 'the summary line');
    assert.equal(line.reason, 'file changed');
  });

  test('a file rewritten in place is applied too', async () => {
    await writeFile(dir.file, sampleFile);
    await waitFor(async () => (await row('cache')) && !(await row('status-page')), 3_000, 'the rewrite to be applied');
    assert.equal((await row('billing-api'))?.name, 'Billing API');
  });

  test('an invalid edit is logged as one line naming file:line:field and the server keeps its last good state', async () => {
    const logged = app.logs.length;
    await saveByReplacing(dir.file, sampleFile.replace('intervalSeconds: 60', 'intervalSeconds: 1'));
    const error = await waitFor(() => app.logs.slice(logged).find((line) => line.level === 50), 3_000, 'the error line');
    assert.match(String(error.msg), /^config file not applied \(keeping the current state\): invalid configuration file: .*integrations\.yaml:15 integrations\[1\]\.intervalSeconds: /);
    assert.ok(!String(error.msg).includes('\n'), 'one line');
    assert.equal((await row('cache'))?.intervalSeconds, 60);
    assert.equal((await api.get('/healthz')).status, 200);
  });

  test('no secret value appears in any log line', () => {
    assert.ok(capturedLogLines.some((line) => line.includes('config file applied')), 'logs were captured');
    const text = capturedLogLines.join('\n');
    for (const value of Object.values(sampleSecrets)) assert.ok(!text.includes(value), `a log line contains a secret (${value.slice(0, 8)}…)`);
  });
});

describe('start-up and several instances', () => {
  test('an invalid file stops start-up with one line naming file, line and field', async () => {
    const dir = await makeConfigDir();
    try {
      await writeFile(dir.file, yamlLines('integrations:', '  - slug: web', '    kind: http', '    config:', '      url: ftp://example.test/'));
      await assert.rejects(startLoggedApp({ env: { INTEGRATIONS_FILE: dir.file } }), /integrations\.yaml:5 integrations\[0\]\.config\.url: /);
      await writeFile(dir.file, yamlLines('integrations:', '  - slug: web', '    kind: http', '    config:', '      url: ${CONFIG_FILE_TEST_UNSET_URL}'));
      await assert.rejects(startLoggedApp({ env: { INTEGRATIONS_FILE: dir.file } }), /integrations\.yaml:5 integrations\[0\]\.config\.url: environment variable CONFIG_FILE_TEST_UNSET_URL is not set/);
      await assert.rejects(startLoggedApp({ env: { INTEGRATIONS_FILE: `${dir.dir}/missing.yaml` } }), /missing\.yaml: cannot read INTEGRATIONS_FILE: the file does not exist/);
    } finally {
      await dir.remove();
    }
  });

  test('two instances applying the same file at once create each integration exactly once', async () => {
    const dir = await makeConfigDir();
    const database = await createTestDatabase();
    const apps: LoggedApp[] = [];
    try {
      const entries = Array.from({ length: 8 }, (_, i) => `  - slug: shared-${i}\n    kind: tcp\n    config: { host: 127.0.0.1, port: ${1000 + i} }`);
      await writeFile(dir.file, `integrations:\n${entries.join('\n')}\n`);
      apps.push(await startLoggedApp({ env: { INTEGRATIONS_FILE: dir.file }, database }));
      apps.push(await startLoggedApp({ env: { INTEGRATIONS_FILE: dir.file }, database }));
      const [first, second] = apps as [LoggedApp, LoggedApp];
      for (let round = 0; round < 3; round++) {
        await first.context.db.prisma.integration.deleteMany({});
        const results = await Promise.all([first.configFile!.reload('race'), second.configFile!.reload('race')]);
        assert.ok(results.every((result) => result !== undefined), `round ${round}: neither apply failed`);
        assert.equal(results[0]!.created + results[1]!.created, 8, `round ${round}: one instance created everything, the other nothing`);
        assert.equal(await first.context.db.prisma.integration.count(), 8);
      }
    } finally {
      for (const app of apps) await app.stop();
      await database.drop();
      await dir.remove();
    }
  });
});
