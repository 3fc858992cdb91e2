/**
 * Applying INTEGRATIONS_FILE on demand (what SIGHUP calls): exactly what changed is reported,
 * only rows the file manages are written, and conflicts with API-made rows change nothing. The
 * sync here does not watch the file, so each apply is the test's own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { startConfigFileSync, type ConfigFileSync } from '../../src/config-file/sync.ts';
import { joinSecrets } from '../../src/services/integration-secrets.ts';
import { apiClient } from '../helpers/api.ts';
import { capturedLogLines, makeConfigDir, startLoggedApp, type LoggedApp } from './helpers.ts';
import { sampleFile, sampleSecrets } from './sample-file.ts';

describe('reloading INTEGRATIONS_FILE', () => {
  let app: LoggedApp;
  let sync: ConfigFileSync;
  let dir: Awaited<ReturnType<typeof makeConfigDir>>;
  let api: ReturnType<typeof apiClient>;
  const secrets = { ...sampleSecrets };
  const row = (slug: string) => app.context.db.prisma.integration.findUnique({ where: { slug } });
  const apply = async (text: string) => {
    await writeFile(dir.file, text);
    return sync.reload('test');
  };
  const lastError = (since: number) => app.logs.slice(since).find((line) => line.level === 50)?.msg;

  before(async () => {
    Object.assign(process.env, secrets);
    dir = await makeConfigDir();
    await writeFile(dir.file, sampleFile);
    app = await startLoggedApp({ env: {} });
    sync = await startConfigFileSync(app.context, dir.file, { watch: false });
    api = apiClient(app.url);
    const made = await api.post('/api/v1/integrations', { slug: 'made-in-ui', name: 'Made in UI', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    assert.equal(made.status, 201);
  });

  after(async () => {
    await sync?.stop();
    await app?.close();
    await dir?.remove();
    for (const name of Object.keys(secrets)) delete process.env[name];
  });

  test('applies an edit at once and reports what it did; a second apply finds nothing to do', async () => {
    const edited = sampleFile.replace('    name: Billing API', '    name: Billing API (EU)').replace(/  - slug: cache\n(.*\n){3}/, '') + '  - slug: status-page\n    kind: tcp\n    config: { host: 127.0.0.1, port: 10 }\n';
    assert.deepEqual(await apply(edited), { created: 1, updated: 1, deleted: 1, unchanged: 1 });
    assert.equal((await row('billing-api'))?.name, 'Billing API (EU)');
    assert.equal(await row('cache'), null);
    assert.deepEqual(await apply(sampleFile), { created: 1, updated: 1, deleted: 1, unchanged: 1 });
    assert.deepEqual(await sync.reload('test'), { created: 0, updated: 0, deleted: 0, unchanged: 3 });
    assert.ok(app.logs.some((line) => line.msg === 'config file applied: 0 created, 0 updated, 0 deleted' && line.reason === 'test'));
  });

  test('a config change replaces the whole config: removed fields are cleared, secrets updated', async () => {
    process.env.BILLING_TOKEN = secrets.BILLING_TOKEN = 'billing-secret-rotated-0c0c0c';
    assert.deepEqual(await apply(sampleFile.replace('      url: http://127.0.0.1:9/health', '      url: http://127.0.0.1:9/ready\n      keyword: ok')), { created: 0, updated: 1, deleted: 0, unchanged: 2 });
    const billing = await row('billing-api');
    assert.deepEqual(joinSecrets(app.context.secrets, billing!).secretHeaders, { Authorization: 'Bearer billing-secret-rotated-0c0c0c' });
    assert.equal((billing?.config as Record<string, unknown>).keyword, 'ok');

    assert.deepEqual(await apply(sampleFile), { created: 0, updated: 1, deleted: 0, unchanged: 2 });
    assert.equal(((await row('billing-api'))?.config as Record<string, unknown>).keyword, undefined, 'a field removed from the file is removed from the row');
  });

  test('changing the kind replaces the integration', async () => {
    const before = await row('cache');
    assert.deepEqual(await apply(sampleFile.replace(/    kind: redis\n    intervalSeconds: 60\n    config: .*\n/, '    kind: tcp\n    config: { host: 127.0.0.1, port: 6390 }\n')), { created: 0, updated: 1, deleted: 0, unchanged: 2 });
    const after = await row('cache');
    assert.equal(after?.kind, 'tcp');
    assert.notEqual(after?.id, before?.id);
    await apply(sampleFile);
  });

  test('a slug already used by an API-made integration is refused with its line, and nothing is changed', async () => {
    const logged = app.logs.length;
    const clash = sampleFile.replace('  - slug: nightly-backup', '  - slug: made-in-ui\n    kind: tcp\n    config: { host: 127.0.0.1, port: 11 }\n  - slug: brand-new\n    kind: tcp\n    config: { host: 127.0.0.1, port: 12 }\n  - slug: nightly-backup');
    assert.equal(await apply(clash), undefined);
    assert.match(String(lastError(logged)), /integrations\.yaml:17 integrations\[2\]\.slug: an integration with slug "made-in-ui" already exists and was made in the UI or API/);
    assert.equal(await row('brand-new'), null, 'no partial apply');
    assert.equal((await row('made-in-ui'))?.managedBy, null);
  });

  test('adoptExisting: true takes over an API-made integration with the same slug', async () => {
    const adopting = `adoptExisting: true\n${sampleFile}  - slug: made-in-ui\n    name: Now from the file\n    kind: tcp\n    config: { host: 127.0.0.1, port: 9 }\n`;
    assert.deepEqual(await apply(adopting), { created: 0, updated: 1, deleted: 0, unchanged: 3 });
    const adopted = await row('made-in-ui');
    assert.equal(adopted?.managedBy, 'file:integrations.yaml');
    assert.equal(adopted?.name, 'Now from the file');
    const patch = await api.patch('/api/v1/integrations/made-in-ui', { name: 'x' });
    assert.equal(patch.status, 409, 'now read-only in the API');
    assert.deepEqual(await apply(sampleFile), { created: 0, updated: 0, deleted: 1, unchanged: 3 }, 'once adopted, the file manages it');
  });

  test('emptying the file is refused; "integrations: []" deletes only the managed integrations', async () => {
    await api.post('/api/v1/integrations', { slug: 'also-from-ui', name: 'Also from UI', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
    const logged = app.logs.length;
    assert.equal(await apply(''), undefined);
    assert.match(String(lastError(logged)), /the file is empty/);
    assert.equal(await app.context.db.prisma.integration.count({ where: { managedBy: { not: null } } }), 3);

    assert.deepEqual(await apply('integrations: []\n'), { created: 0, updated: 0, deleted: 3, unchanged: 0 });
    const left = await app.context.db.prisma.integration.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } });
    assert.deepEqual(left.map((item) => item.slug), ['also-from-ui']);
    await apply(sampleFile);
  });

  test('no secret value appears in any log line', () => {
    assert.ok(capturedLogLines.some((line) => line.includes('config file applied')), 'logs were captured');
    const text = capturedLogLines.join('\n');
    for (const value of [...Object.values(secrets), ...Object.values(sampleSecrets)]) assert.ok(!text.includes(value), `a log line contains a secret (${value.slice(0, 8)}…)`);
  });
});
