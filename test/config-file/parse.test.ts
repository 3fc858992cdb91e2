/**
 * Reading an INTEGRATIONS_FILE without a database: ${ENV} substitution, and errors that name the
 * file, the line and the field — never the secret value.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigFileError } from '../../src/config-file/errors.ts';
import { fileURLToPath } from 'node:url';
import { parseConfigFile, readConfigFile } from '../../src/config-file/parse.ts';
import { substituteEnv } from '../../src/config-file/env-substitution.ts';

const file = '/etc/ih/integrations.yaml';

function parseError(text: string, env: NodeJS.ProcessEnv = {}): ConfigFileError {
  try {
    parseConfigFile(text, file, env);
  } catch (error) {
    assert.ok(error instanceof ConfigFileError, `expected a ConfigFileError, got ${String(error)}`);
    return error;
  }
  assert.fail('the file was accepted');
}

describe('parsing an integrations file', () => {
  test('secrets come from ${ENV} references and reach the desired state as values', () => {
    const text = [
      'integrations:',
      '  - slug: billing-api',
      '    kind: http',
      '    config:',
      '      url: https://billing.example.com/health',
      '      secretHeaders:',
      '        Authorization: "Bearer ${BILLING_TOKEN}"',
    ].join('\n');
    const loaded = parseConfigFile(text, file, { BILLING_TOKEN: 'tok-123' });
    const item = loaded.state.integrations[0];
    assert.equal(item?.slug, 'billing-api');
    assert.equal(item?.name, 'billing-api', 'name defaults to the slug');
    assert.deepEqual(item?.rawConfig.secretHeaders, { Authorization: 'Bearer tok-123' });
    assert.equal(item?.config.method, 'GET', 'the kind schema fills in its defaults');
  });

  test('a missing environment variable is an error naming the variable, the file and the line', () => {
    const text = ['integrations:', '  - slug: db', '    kind: postgres', '    config:', '      host: db.internal', '      password: ${DB_PASSWORD}'].join('\n');
    const error = parseError(text);
    assert.match(error.message, /environment variable DB_PASSWORD is not set/);
    assert.match(error.message, /\/etc\/ih\/integrations\.yaml:6 integrations\[0\]\.config\.password/);
    assert.equal(error.issues[0]?.line, 6);
  });

  test('an invalid field is an error naming the file, its line and the field path', () => {
    const text = ['integrations:', '  - slug: ok-one', '    kind: tcp', '    config: { host: a.example, port: 80 }', '  - slug: web', '    kind: http', '    config:', '      url: not a url'].join('\n');
    const error = parseError(text);
    assert.match(error.message, /integrations\.yaml:8 integrations\[1\]\.config\.url: /);
    assert.deepEqual(error.issues[0]?.path, ['integrations', 1, 'config', 'url']);
  });

  test('an invalid value that came from the environment is reported without the value', () => {
    const text = ['integrations:', '  - slug: web', '    kind: http', '    config:', '      url: ${WEB_URL}'].join('\n');
    const error = parseError(text, { WEB_URL: 'sekrit-not-a-url-9f8e7d' });
    assert.match(error.message, /integrations\.yaml:5 integrations\[0\]\.config\.url/);
    assert.ok(!error.message.includes('sekrit-not-a-url-9f8e7d'), error.message);
  });

  test('an unknown kind, an unknown key and a duplicate slug each point at their own line', () => {
    const text = [
      'integrations:',
      '  - slug: a',
      '    kind: ftp',
      '  - slug: b',
      '    kind: tcp',
      '    config: { host: b.example, port: 21 }',
      '    colour: red',
      '  - slug: b',
      '    kind: tcp',
      '    config: { host: c.example, port: 22 }',
    ].join('\n');
    const error = parseError(text);
    const byLine = new Map(error.issues.map((issue) => [issue.line, `${issue.path.join('.')}: ${issue.message}`]));
    assert.match(byLine.get(3) ?? '', /unknown kind "ftp"/);
    assert.match(byLine.get(7) ?? '', /^integrations\.1\.colour: is not a known field/);
    assert.match(byLine.get(8) ?? '', /duplicate slug "b"/);
  });

  test('named policies resolve to the integration alert policy, and an unknown name is an error', () => {
    const text = [
      'policies:',
      '  critical: { downAfter: 1, reminderMinutes: 30 }',
      'integrations:',
      '  - slug: a',
      '    kind: tcp',
      '    config: { host: a.example, port: 1 }',
      '    alertPolicy: critical',
    ].join('\n');
    assert.deepEqual(parseConfigFile(text, file, {}).state.integrations[0]?.alertPolicy, { downAfter: 1, reminderMinutes: 30 });
    const error = parseError(text.replace('alertPolicy: critical', 'alertPolicy: relaxed'));
    assert.match(error.message, /:7 integrations\[0\]\.alertPolicy: no policy named "relaxed"/);
  });

  test('YAML syntax errors and an empty file are refused with a line', () => {
    assert.match(parseError('integrations: [\n  - slug: a\n').message, /integrations\.yaml:\d+: YAML syntax/);
    const empty = parseError('  \n# nothing here\n');
    assert.match(empty.message, /the file is empty/);
  });

  test('a push integration needs its own token from the file', () => {
    const error = parseError(['integrations:', '  - slug: nightly', '    kind: push'].join('\n'));
    assert.match(error.message, /:2 integrations\[0\]\.pushToken: is required for kind push/);
  });

  test('x- keys hold YAML anchors that entries merge, and other unknown top-level keys are refused', () => {
    const text = [
      'x-defaults: &defaults',
      '  tags: [payments]',
      '  intervalSeconds: 60',
      'integrations:',
      '  - <<: *defaults',
      '    slug: a',
      '    kind: tcp',
      '    config: { host: a.example, port: 1 }',
    ].join('\n');
    const item = parseConfigFile(text, file, {}).state.integrations[0];
    assert.deepEqual(item?.tags, ['payments']);
    assert.equal(item?.intervalSeconds, 60);
    const error = parseError(`chanels: []\n${text}`);
    assert.match(error.message, /integrations\.yaml:1 .*chanels/);
  });
});

describe('${ENV} substitution', () => {
  test('replaces references, uses fallbacks, and keeps $${ as a literal', () => {
    assert.deepEqual(substituteEnv('a ${X} b', { X: '1' }), { ok: true, value: 'a 1 b' });
    assert.deepEqual(substituteEnv('${MISSING:-fallback}', {}), { ok: true, value: 'fallback' });
    assert.deepEqual(substituteEnv('price $${X}', { X: '1' }), { ok: true, value: 'price ${X}' });
    assert.deepEqual(substituteEnv('${EMPTY}', { EMPTY: '' }), { ok: false, message: 'environment variable EMPTY is not set' });
    assert.equal(substituteEnv('${not valid}', {}).ok, false);
  });
});

describe('the example file', () => {
  const example = new URL('../fixtures/integrations.example.yaml', import.meta.url);
  const env = {
    BILLING_API_TOKEN: 'example-token',
    ORDERS_DB_PASSWORD: 'example-password',
    SLACK_BOT_TOKEN: 'xoxb-example',
    NIGHTLY_BACKUP_PUSH_TOKEN: 'example-push-token-0123456789',
    PAYMENTS_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    OPS_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  };

  test('test/fixtures/integrations.example.yaml is valid and declares every kind of item', async () => {
    const loaded = await readConfigFile(fileURLToPath(example), env);
    assert.deepEqual(loaded.state.integrations.map((item) => item.slug), ['billing-api', 'orders-db', 'slack-bot', 'nightly-backup']);
    assert.deepEqual(loaded.state.integrations[0]?.tags, ['payments'], 'merged from the x- anchor');
    assert.deepEqual(loaded.state.integrations[0]?.alertPolicy, { downAfter: 1, recoverAfter: 2, reminderMinutes: 30 });
    assert.equal(loaded.state.channels.length, 3);
    assert.equal(loaded.state.maintenanceWindows.length, 2);
  });

  test('without its variables the example names every missing one with its line', async () => {
    await assert.rejects(readConfigFile(fileURLToPath(example), {}), (error: ConfigFileError) => {
      const missing = error.issues.map((issue) => issue.message.replace('environment variable ', '').replace(' is not set', ''));
      assert.deepEqual(missing.sort(), Object.keys(env).sort());
      assert.ok(error.issues.every((issue) => typeof issue.line === 'number'));
      return true;
    });
  });
});
