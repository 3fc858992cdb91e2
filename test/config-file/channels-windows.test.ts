/**
 * Alert channels and maintenance windows in INTEGRATIONS_FILE: managed like integrations —
 * created, changed and deleted to match the file, read-only in the API, and never touching
 * what was made through the API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { startConfigFileSync, type ConfigFileSync } from '../../src/config-file/sync.ts';
import { joinSecrets } from '../../src/services/integration-secrets.ts';
import { apiClient } from '../helpers/api.ts';
import { capturedLogLines, makeConfigDir, startLoggedApp, yamlLines, type LoggedApp } from './helpers.ts';

const secrets = {
  CW_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  CW_WEBHOOK_AUTH: 'Bearer cw-hook-secret-3c3c3c',
};

const baseFile = yamlLines(
  'integrations:',
  '  - slug: billing-api',
  '    kind: tcp',
  '    tags: [payments]',
  '    config: { host: 127.0.0.1, port: 9 }',
  'channels:',
  '  - name: Payments webhook',
  '    kind: webhook',
  '    tags: [payments]',
  '    config:',
  '      url: http://127.0.0.1:9/hook',
  '      secret: ${CW_WEBHOOK_SECRET}',
  '      headers: { Authorization: "${CW_WEBHOOK_AUTH}" }',
  '  - name: On-call email',
  '    kind: email',
  '    config: { to: [oncall@example.com] }',
  'maintenanceWindows:',
  '  - name: Weekly deploy',
  '    kind: weekly',
  '    integration: billing-api',
  '    daysOfWeek: [2]',
  '    startTime: "02:00"',
  '    durationMinutes: 45',
  '    timeZone: Europe/Berlin',
  '  - name: Migration',
  '    kind: once',
  '    tags: [payments]',
  '    startsAt: 2030-01-01T22:00:00Z',
  '    endsAt: 2030-01-02T01:00:00Z',
);

describe('channels and maintenance windows in INTEGRATIONS_FILE', () => {
  let app: LoggedApp;
  let sync: ConfigFileSync;
  let dir: Awaited<ReturnType<typeof makeConfigDir>>;
  let api: ReturnType<typeof apiClient>;
  const prisma = () => app.context.db.prisma;

  before(async () => {
    Object.assign(process.env, secrets);
    dir = await makeConfigDir();
    await writeFile(dir.file, baseFile);
    app = await startLoggedApp({ env: {} });
    // Not watching: every apply here is the test's own (the watcher has its own tests).
    sync = await startConfigFileSync(app.context, dir.file, { watch: false });
    api = apiClient(app.url);
  });

  after(async () => {
    await sync?.stop();
    await app?.close();
    await dir?.remove();
    for (const name of Object.keys(secrets)) delete process.env[name];
  });

  test('the first apply creates the declared channels and windows, managed by the file, secrets encrypted', async () => {
    const channels = await prisma().alertChannel.findMany({ orderBy: { name: 'asc' } });
    assert.deepEqual(channels.map((row) => [row.name, row.kind, row.managedBy]), [
      ['On-call email', 'email', 'file:integrations.yaml'],
      ['Payments webhook', 'webhook', 'file:integrations.yaml'],
    ]);
    const webhook = channels[1]!;
    assert.ok(!webhook.secrets?.includes('cw-hook-secret'), 'stored encrypted');
    const config = joinSecrets(app.context.secrets, webhook);
    assert.equal(config.secret, secrets.CW_WEBHOOK_SECRET);
    assert.deepEqual(config.headers, { Authorization: secrets.CW_WEBHOOK_AUTH });

    const windows = await prisma().maintenanceWindow.findMany({ orderBy: { name: 'asc' }, include: { integration: { select: { slug: true } } } });
    assert.deepEqual(windows.map((row) => [row.name, row.integration?.slug ?? null, row.tags, row.managedBy]), [
      ['Migration', null, ['payments'], 'file:integrations.yaml'],
      ['Weekly deploy', 'billing-api', [], 'file:integrations.yaml'],
    ]);
    assert.equal(windows[1]?.timezone, 'Europe/Berlin');
    assert.ok(app.logs.some((line) => line.msg === 'config file applied: 5 created, 0 updated, 0 deleted'));
  });

  test('managed channels and windows refuse API changes and deletion with 409 read_only', async () => {
    const channel = await prisma().alertChannel.findFirstOrThrow({ where: { name: 'On-call email' } });
    const window = await prisma().maintenanceWindow.findFirstOrThrow({ where: { name: 'Migration' } });
    for (const response of [
      await api.patch(`/api/v1/alert-channels/${channel.id}`, { enabled: false }),
      await api.delete(`/api/v1/alert-channels/${channel.id}`),
      await api.patch(`/api/v1/maintenance-windows/${window.id}`, { durationMinutes: 5 }),
      await api.delete(`/api/v1/maintenance-windows/${window.id}`),
    ]) {
      assert.equal(response.status, 409, JSON.stringify(response.body));
      assert.equal(response.body.error.code, 'read_only');
    }
  });

  test('edits change, add and remove only managed channels and windows; API-made ones are untouched', async () => {
    const made = await api.post('/api/v1/alert-channels', { name: 'UI Slack', kind: 'slack', config: { url: 'http://127.0.0.1:9/slack' } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const madeWindow = await api.post('/api/v1/maintenance-windows', { name: 'UI window', kind: 'weekly', daysOfWeek: [6], startTime: '03:00', durationMinutes: 10, timeZone: 'UTC' });
    assert.equal(madeWindow.status, 201, JSON.stringify(madeWindow.body));
    const uiBefore = await prisma().alertChannel.findFirstOrThrow({ where: { name: 'UI Slack' } });

    const edited = baseFile
      .replace('      url: http://127.0.0.1:9/hook', '      url: http://127.0.0.1:9/hook-v2')
      .replace(/  - name: On-call email\n.*\n.*\n/, '')
      .replace('    durationMinutes: 45', '    durationMinutes: 90');
    await writeFile(dir.file, edited);
    assert.deepEqual(await sync.reload('test'), { created: 0, updated: 2, deleted: 1, unchanged: 2 });

    const webhook = await prisma().alertChannel.findFirstOrThrow({ where: { name: 'Payments webhook' } });
    assert.equal(joinSecrets(app.context.secrets, webhook).url, 'http://127.0.0.1:9/hook-v2');
    assert.equal(await prisma().alertChannel.count({ where: { name: 'On-call email' } }), 0);
    assert.equal((await prisma().maintenanceWindow.findFirstOrThrow({ where: { name: 'Weekly deploy' } })).durationMinutes, 90);
    const uiAfter = await prisma().alertChannel.findFirstOrThrow({ where: { name: 'UI Slack' } });
    assert.equal(uiAfter.updatedAt.getTime(), uiBefore.updatedAt.getTime());
    assert.equal(await prisma().maintenanceWindow.count({ where: { name: 'UI window', managedBy: null } }), 1);

    await writeFile(dir.file, baseFile);
    assert.deepEqual(await sync.reload('test'), { created: 1, updated: 2, deleted: 0, unchanged: 2 });
  });

  test('a channel name used by an API-made channel is refused with its line', async () => {
    await writeFile(dir.file, baseFile.replace('  - name: On-call email', '  - name: UI Slack'));
    const logged = app.logs.length;
    assert.equal(await sync.reload('test'), undefined);
    const error = app.logs.slice(logged).find((line) => line.level === 50);
    assert.match(String(error?.msg), /integrations\.yaml:14 channels\[1\]\.name: an alert channel named "UI Slack" already exists and was made in the UI or API/);
    await writeFile(dir.file, baseFile);
    await sync.reload('test');
  });

  test('a window naming an integration that will not exist is refused, never widened to every integration', async () => {
    const logged = app.logs.length;
    await writeFile(dir.file, baseFile.replace('    integration: billing-api', '    integration: no-such-thing'));
    assert.equal(await sync.reload('test'), undefined);
    assert.match(String(app.logs.slice(logged).find((line) => line.level === 50)?.msg), /integrations\.yaml:20 maintenanceWindows\[0\]\.integration: no integration with slug "no-such-thing"/);

    // Removing the integration in the same edit that still names it is refused as well.
    const mark = app.logs.length;
    await writeFile(dir.file, baseFile.replace(/  - slug: billing-api\n(.*\n){3}/, '').replace('integrations:\n', 'integrations: []\n'));
    assert.equal(await sync.reload('test'), undefined);
    assert.match(String(app.logs.slice(mark).find((line) => line.level === 50)?.msg), /maintenanceWindows\[0\]\.integration: no integration with slug "billing-api"/);
    assert.ok(await prisma().integration.findUnique({ where: { slug: 'billing-api' } }), 'nothing was deleted');
    const window = await prisma().maintenanceWindow.findFirstOrThrow({ where: { name: 'Weekly deploy' } });
    assert.notEqual(window.integrationId, null);
    await writeFile(dir.file, baseFile);
    await sync.reload('test');
  });

  test('no secret value appears in any log line', () => {
    assert.ok(capturedLogLines.some((line) => line.includes('config file applied')), 'logs were captured');
    const text = capturedLogLines.join('\n');
    for (const value of Object.values(secrets)) assert.ok(!text.includes(value));
    assert.ok(!text.includes('cw-hook-secret'));
  });
});
