/**
 * `npm run config:export`: the state made through the API, written as an INTEGRATIONS_FILE with
 * `${NAME}` placeholders for secrets, applied to a fresh database gives the same state — and no
 * secret value appears in the export or in any log line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportConfig } from '../../src/config-file/export.ts';
import { joinSecrets } from '../../src/services/integration-secrets.ts';
import { apiClient } from '../helpers/api.ts';
import { testSecretKey } from '../helpers/app.ts';
import { capturedLogLines, makeConfigDir, startLoggedApp, type LoggedApp } from './helpers.ts';

const run = promisify(execFile);

/** Every secret, by the placeholder name the export convention gives it. */
const secretsByVariable: Record<string, string> = {
  BILLING_API_SECRET_HEADERS_AUTHORIZATION: 'Bearer export-secret-authz-5e5e5e',
  BILLING_API_SECRET_HEADERS_X_API_KEY: 'export-secret-apikey-6f6f6f',
  BILLING_API_BASIC_AUTH_PASSWORD: 'export-secret-basic-7a7a7a',
  ORDERS_DB_URL: 'postgres://monitor:export-secret-dburl-8b8b8b@127.0.0.1:5999/orders',
  SLACK_BOT_TOKEN: 'xoxb-export-secret-slack-9c9c9c',
  CHANNEL_PAYMENTS_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  CHANNEL_PAYMENTS_WEBHOOK_HEADERS_AUTHORIZATION: 'Bearer export-secret-hook-0d0d0d',
  CHANNEL_OPS_SLACK_URL: 'http://127.0.0.1:9/services/T000/B000/export-secret-slackurl-1e1e1e',
};

describe('exporting the configuration', () => {
  let source: LoggedApp;
  let target: LoggedApp | undefined;
  let dir: Awaited<ReturnType<typeof makeConfigDir>>;
  let exported: Awaited<ReturnType<typeof exportConfig>>;
  let pushToken = '';

  before(async () => {
    dir = await makeConfigDir();
    source = await startLoggedApp({ env: {} });
    const api = apiClient(source.url);
    const created = await Promise.all([
      api.post('/api/v1/integrations', {
        slug: 'billing-api',
        name: 'Billing API ${not a variable}',
        kind: 'http',
        tags: ['payments'],
        public: true,
        intervalSeconds: 60,
        alertPolicy: { downAfter: 1, reminderMinutes: 30 },
        config: {
          url: 'http://127.0.0.1:9/health',
          method: 'POST',
          body: '{"probe":true}',
          keyword: 'price: $${cents}',
          basicAuthUser: 'monitor',
          basicAuthPassword: secretsByVariable.BILLING_API_BASIC_AUTH_PASSWORD,
          secretHeaders: { Authorization: secretsByVariable.BILLING_API_SECRET_HEADERS_AUTHORIZATION, 'X-Api-Key': secretsByVariable.BILLING_API_SECRET_HEADERS_X_API_KEY },
        },
      }),
      api.post('/api/v1/integrations', { slug: 'orders-db', name: 'Orders DB', kind: 'postgres', paused: true, config: { url: secretsByVariable.ORDERS_DB_URL } }),
      api.post('/api/v1/integrations', { slug: 'slack-bot', name: 'Slack bot', kind: 'slack', timeoutMs: 5000, config: { token: secretsByVariable.SLACK_BOT_TOKEN, baseUrl: 'http://127.0.0.1:9/api' } }),
      api.post('/api/v1/integrations', { slug: 'nightly', name: 'Nightly', kind: 'push', config: { graceSeconds: 600 } }),
      api.post('/api/v1/alert-channels', { name: 'On-call email', kind: 'email', tags: ['payments'], config: { to: ['oncall@example.com'] } }),
      api.post('/api/v1/alert-channels', {
        name: 'Payments webhook',
        kind: 'webhook',
        enabled: false,
        config: { url: 'http://127.0.0.1:9/hook', secret: secretsByVariable.CHANNEL_PAYMENTS_WEBHOOK_SECRET, headers: { Authorization: secretsByVariable.CHANNEL_PAYMENTS_WEBHOOK_HEADERS_AUTHORIZATION } },
      }),
      api.post('/api/v1/alert-channels', { name: 'Ops Slack', kind: 'slack', config: { url: secretsByVariable.CHANNEL_OPS_SLACK_URL } }),
    ]);
    for (const response of created) assert.equal(response.status, 201, JSON.stringify(response.body));
    pushToken = created[3]!.body.pushToken;
    secretsByVariable.NIGHTLY_PUSH_TOKEN = pushToken;
    for (const window of [
      { name: 'Weekly deploy', kind: 'weekly', integration: 'billing-api', daysOfWeek: [4, 2], startTime: '02:30', durationMinutes: 45, timeZone: 'Europe/Berlin' },
      { name: 'Migration', kind: 'once', tags: ['payments'], startsAt: '2030-01-01T22:00:00.000Z', endsAt: '2030-01-02T01:00:00.000Z' },
    ]) {
      const response = await api.post('/api/v1/maintenance-windows', window);
      assert.equal(response.status, 201, JSON.stringify(response.body));
    }
    exported = await exportConfig({ prisma: source.context.db.prisma, secrets: source.context.secrets });
    if (process.env.SHOW_EXPORT) process.stderr.write(exported.yaml);
  });

  after(async () => {
    await target?.close();
    await source?.close();
    await dir?.remove();
    for (const name of Object.keys(secretsByVariable)) delete process.env[name];
  });

  test('the export holds a placeholder for every secret and no secret value', () => {
    for (const [name, value] of Object.entries(secretsByVariable)) {
      assert.ok(exported.yaml.includes(`\${${name}}`), `placeholder \${${name}} is in the export`);
      assert.ok(!exported.yaml.includes(value), `the value of ${name} is not in the export`);
    }
    assert.deepEqual([...exported.variables].sort(), Object.keys(secretsByVariable).sort());
    assert.match(exported.yaml, /^# Variables to set:\n#   BILLING_API_SECRET_HEADERS_AUTHORIZATION$/m, 'the header lists the variables');
    assert.ok(exported.yaml.includes('$${not a variable}'), 'a literal ${ is escaped');
  });

  test('applied to a fresh database, the export gives the same state', async () => {
    const file = path.join(dir.dir, 'exported.yaml');
    await writeFile(file, exported.yaml);
    Object.assign(process.env, secretsByVariable);
    target = await startLoggedApp({ env: { INTEGRATIONS_FILE: file } });
    assert.deepEqual(await snapshot(target), await snapshot(source));
    const again = await exportConfig({ prisma: target.context.db.prisma, secrets: target.context.secrets });
    assert.equal(again.yaml, exported.yaml, 'exporting the copy gives the same file');
    const ping = await apiClient(target.url).get(`/api/v1/push/${pushToken}`);
    assert.equal(ping.status, 200, 'the push token set from the variable works');
  });

  test('the CLI prints the same YAML, or writes it with --out', async () => {
    const env = { ...process.env, DATABASE_URL: source.database.url, SECRET_KEY: testSecretKey, LOG_LEVEL: 'warn' };
    const printed = await run(process.execPath, ['--import', 'tsx', 'src/cli/config-export.ts'], { env });
    assert.equal(printed.stdout, exported.yaml);
    const out = path.join(dir.dir, 'cli.yaml');
    const written = await run(process.execPath, ['--import', 'tsx', 'src/cli/config-export.ts', '--out', out], { env });
    assert.equal(await readFile(out, 'utf8'), exported.yaml);
    assert.match(written.stderr, /CHANNEL_OPS_SLACK_URL/);
    for (const value of Object.values(secretsByVariable)) assert.ok(!`${printed.stderr}${written.stderr}`.includes(value));
  });

  test('no secret value appears in any log line of either instance', () => {
    assert.ok(capturedLogLines.some((line) => line.includes('config file applied')), 'logs were captured');
    const text = capturedLogLines.join('\n');
    for (const [name, value] of Object.entries(secretsByVariable)) assert.ok(!text.includes(value), `a log line contains the value of ${name}`);
  });
});

/** The whole configured state, secrets decrypted, without ids, times and ownership. */
async function snapshot(app: LoggedApp) {
  const { prisma } = app.context.db;
  const integrations = await prisma.integration.findMany({ orderBy: { slug: 'asc' } });
  const channels = await prisma.alertChannel.findMany({ orderBy: { name: 'asc' } });
  const windows = await prisma.maintenanceWindow.findMany({ orderBy: { name: 'asc' }, include: { integration: { select: { slug: true } } } });
  return {
    integrations: integrations.map((row) => ({
      slug: row.slug,
      name: row.name,
      kind: row.kind,
      config: joinSecrets(app.context.secrets, row),
      tags: row.tags,
      public: row.isPublic,
      paused: row.paused,
      intervalSeconds: row.intervalSeconds,
      maxIntervalSeconds: row.maxIntervalSeconds,
      timeoutMs: row.timeoutMs,
      alertPolicy: row.alertPolicy,
      pushTokenHash: row.pushTokenHash,
    })),
    channels: channels.map((row) => ({ name: row.name, kind: row.kind, config: joinSecrets(app.context.secrets, row), enabled: row.enabled, tags: row.tags })),
    windows: windows.map((row) => ({
      name: row.name,
      integration: row.integration?.slug ?? null,
      tags: row.tags,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt?.toISOString() ?? null,
      daysOfWeek: row.daysOfWeek,
      startTime: row.startTime,
      durationMinutes: row.durationMinutes,
      timezone: row.timezone,
    })),
  };
}
