import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../src/config.ts';

test('an empty environment gives the documented defaults', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.role, 'all');
  assert.equal(config.monitoringEnabled, true);
  assert.equal(config.publicDashboard, false);
  assert.equal(config.historyRetentionDays, 30);
  assert.deepEqual(config.checks, { intervalSeconds: 300, maxIntervalSeconds: 3600, timeoutMs: 10_000, concurrency: 16, manualCooldownSeconds: 60 });
  assert.deepEqual(config.alertPolicy, { downAfter: 2, recoverAfter: 1, alertOnDegraded: false, reminderMinutes: 60, cooldownMinutes: 15 });
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.smtp, undefined);
});

test('the parsed configuration is frozen all the way down', () => {
  const config = loadConfig({});
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.checks));
  assert.throws(() => {
    (config as { port: number }).port = 1;
  }, TypeError);
});

const badValues: [string, Record<string, string>, RegExp][] = [
  ['a port that is not a number', { PORT: 'eighty' }, /^Invalid configuration: PORT="eighty" must be a whole number between 0 and 65535$/],
  ['a port out of range', { PORT: '70000' }, /PORT="70000" must be between 0 and 65535/],
  ['a boolean typo', { PUBLIC_DASHBOARD: 'ture' }, /PUBLIC_DASHBOARD="ture" must be one of true, false, 1, 0, yes, no, on, off/],
  ['an unknown role', { ROLE: 'both' }, /ROLE="both" must be one of all, web, worker/],
  ['a database URL of another scheme', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL \(value hidden\) must be a postgres:\/\/ or postgresql:\/\/ connection URL/],
  ['a short secret key', { SECRET_KEY: 'short' }, /SECRET_KEY \(value hidden\) must be at least 32 characters/],
  ['a max interval below the interval', { CHECK_INTERVAL_SECONDS: '600', CHECK_MAX_INTERVAL_SECONDS: '60' }, /CHECK_MAX_INTERVAL_SECONDS="60" must be at least CHECK_INTERVAL_SECONDS \(600\)/],
  ['SMTP without a sender', { SMTP_HOST: 'mail.example.com' }, /SMTP_FROM must be required|SMTP_FROM is required when SMTP_HOST is set/],
  ['an admin email without a password', { ADMIN_EMAIL: 'a@example.com' }, /ADMIN_PASSWORD must be set together/],
  ['a log level typo', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL="verbose" must be one of fatal, error, warn, info, debug, trace, silent/],
];

for (const [what, env, expected] of badValues) {
  test(`${what} stops start-up with one line naming the variable`, () => {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, expected);
        assert.equal(error.message.includes('\n'), false);
        return true;
      },
    );
  });
}

test('several bad variables are all reported at once', () => {
  assert.throws(() => loadConfig({ PORT: 'x', ROLE: 'y' }), /PORT="x".*; ROLE="y"/);
});

test('secret values are never echoed in errors', () => {
  assert.throws(
    () => loadConfig({ SECRET_KEY: 'hunter2', ADMIN_TOKEN: 'tok' }),
    (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.doesNotMatch(error.message, /hunter2|tok\b/);
      return true;
    },
  );
});

test('empty strings count as unset', () => {
  const config = loadConfig({ PORT: '', SMTP_HOST: '' });
  assert.equal(config.port, 3000);
  assert.equal(config.smtp, undefined);
});

test('SMTP settings are grouped when host and sender are set', () => {
  const config = loadConfig({ SMTP_HOST: 'smtp.example.com', SMTP_FROM: 'alerts@example.com', SMTP_PORT: '2525', SMTP_SECURE: 'yes' });
  assert.deepEqual(config.smtp, { host: 'smtp.example.com', port: 2525, user: undefined, pass: undefined, from: 'alerts@example.com', secure: true });
});
