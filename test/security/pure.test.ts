/** The pure pieces of access control and the admin forms, as tables. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKinds } from '../../src/checks/registry.ts';
import { decide } from '../../src/middleware/auth/decide.ts';
import { accessFor } from '../../src/middleware/auth/policy.ts';
import type { Principal } from '../../src/middleware/auth/principal.ts';
import { safeNext } from '../../src/middleware/auth/responses.tsx';
import { configFieldsFor, fieldErrorsFromIssues, parseConfigForm, parseSettingsForm } from '../../src/routes/admin/integration-form.ts';
import { hashPassword, verifyPassword } from '../../src/security/passwords.ts';
import { SecretBox } from '../../src/security/secret-box.ts';

const admin: Principal = { kind: 'user', user: { id: 1, email: 'a@x', role: 'admin' }, sessionIdHash: 'h', csrfToken: 't' };
const viewer: Principal = { kind: 'user', user: { id: 2, email: 'v@x', role: 'viewer' }, sessionIdHash: 'h', csrfToken: 't' };
const readToken: Principal = { kind: 'token', tokenId: 3, name: 'r', scope: 'read' };
const kiosk: Principal = { kind: 'kiosk', tokenId: 4, name: 'k', tag: null };
const anonymous: Principal = { kind: 'anonymous' };

describe('route policy and decisions', () => {
  test('paths map to the access levels the design promises', () => {
    const table: [string, string, string][] = [
      ['GET', '/healthz', 'public'],
      ['GET', '/badge/x/status.svg', 'public'],
      ['POST', '/api/v1/push/abc', 'public'],
      ['GET', '/board', 'board'],
      ['GET', '/ws', 'board'],
      ['GET', '/integrations/health', 'read'],
      ['GET', '/api/v1/integrations/x/history', 'read'],
      ['GET', '/api/v1/alert-channels', 'member'],
      ['POST', '/api/v1/integrations', 'admin'],
      ['POST', '/integrations/x/check', 'admin'],
      ['GET', '/admin/users', 'admin'],
      ['GET', '/boardroom', 'admin'],
      ['DELETE', '/healthz', 'admin'],
    ];
    for (const [method, path, access] of table) assert.equal(accessFor(method, path), access, `${method} ${path}`);
  });

  test('who may use which level, with and without a public dashboard', () => {
    const rows: [Principal, string, boolean, string][] = [
      [anonymous, 'read', false, 'unauthenticated'],
      [anonymous, 'read', true, 'allow'],
      [anonymous, 'member', true, 'unauthenticated'],
      [kiosk, 'board', false, 'allow'],
      [kiosk, 'read', false, 'forbidden'],
      [kiosk, 'member', true, 'forbidden'],
      [viewer, 'member', false, 'allow'],
      [viewer, 'admin', false, 'forbidden'],
      [readToken, 'admin', false, 'forbidden'],
      [readToken, 'board', false, 'allow'],
      [admin, 'admin', false, 'allow'],
    ];
    for (const [principal, access, publicDashboard, expected] of rows) {
      assert.equal(decide(principal, access as never, publicDashboard), expected, `${principal.kind} ${access} public=${publicDashboard}`);
    }
  });

  test('only same-site relative paths are accepted as a place to return to after login', () => {
    assert.equal(safeNext('/admin/users?x=1'), '/admin/users?x=1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', undefined]) assert.equal(safeNext(bad), '/integrations/health');
  });
});

describe('passwords', () => {
  test('scrypt hashes are salted and verify only the right password', async () => {
    const first = await hashPassword('a long enough password');
    const second = await hashPassword('a long enough password');
    assert.notEqual(first, second);
    assert.equal(await verifyPassword('a long enough password', first), true);
    assert.equal(await verifyPassword('a long enough passworD', first), false);
    assert.equal(await verifyPassword('anything', 'not-a-hash'), false);
  });
});

describe('secret box key derivation', () => {
  test('derived keys differ by purpose and by SECRET_KEY', () => {
    const box = new SecretBox('k'.repeat(32));
    assert.notDeepEqual(box.deriveKey('a'), box.deriveKey('b'));
    assert.notDeepEqual(box.deriveKey('a'), new SecretBox('j'.repeat(32)).deriveKey('a'));
    assert.deepEqual(box.deriveKey('a'), new SecretBox('k'.repeat(32)).deriveKey('a'));
  });
});

describe('admin form generation', () => {
  const http = checkKinds.http;

  test('controls follow the schema: enums are selects, records are header lines, secrets are marked', () => {
    const fields = Object.fromEntries(configFieldsFor(http).map((field) => [field.name, field]));
    assert.equal(fields.method?.control, 'select');
    assert.equal(fields.headers?.control, 'headers');
    assert.equal(fields.secretHeaders?.secret, true);
    assert.equal(fields.expectedStatus?.control, 'lines');
    assert.equal(fields.expectedStatus?.items, 'mixed');
    assert.equal(fields.jsonAssertions?.control, 'json');
    assert.equal(fields.url?.required, true);
  });

  test('form values become config: lines, header maps, numbers, JSON; empty secrets are kept on edit', () => {
    const fields = configFieldsFor(http);
    const form = {
      'config.url': 'https://example.test',
      'config.expectedStatus': '200-299\n301\n',
      'config.headers': 'Accept: application/json\nX-Team: ops',
      'config.maxRedirects': '3',
      'config.jsonAssertions': '[{"path":"$.ok","op":"exists"}]',
      'config.secretHeaders': '',
    };
    const created = parseConfigForm(fields, form, 'create');
    assert.deepEqual(created.errors, {});
    assert.deepEqual(created.config.expectedStatus, ['200-299', 301]);
    assert.deepEqual(created.config.headers, { Accept: 'application/json', 'X-Team': 'ops' });
    assert.equal(created.config.maxRedirects, 3);
    assert.equal('secretHeaders' in created.config, false);
    const edited = parseConfigForm(fields, { ...form, 'config.keyword': '', 'clear.basicAuthPassword': 'on' }, 'edit');
    assert.equal(edited.config.keyword, null, 'an emptied field is cleared');
    assert.equal('secretHeaders' in edited.config, false, 'an empty secret keeps the stored one');
    assert.equal(edited.config.basicAuthPassword, null, 'remove clears a secret');
  });

  test('malformed JSON and header lines are reported per field', () => {
    const parsed = parseConfigForm(configFieldsFor(http), { 'config.url': 'x', 'config.jsonAssertions': '[', 'config.headers': 'no colon here' }, 'create');
    assert.deepEqual(Object.keys(parsed.errors).sort(), ['config.headers', 'config.jsonAssertions']);
  });

  test('settings: tags split on commas and spaces, empty numbers mean the default', () => {
    const created = parseSettingsForm({ name: 'A', kind: 'http', tags: 'ops, team-a  b', intervalSeconds: '', timeoutMs: '5000' }, 'create');
    assert.deepEqual(created.settings.tags, ['ops', 'team-a', 'b']);
    assert.equal('intervalSeconds' in created.settings, false);
    assert.equal(created.settings.timeoutMs, 5000);
    assert.equal(parseSettingsForm({ name: 'A', intervalSeconds: '' }, 'edit').settings.intervalSeconds, null);
    assert.deepEqual(parseSettingsForm({ name: 'A', timeoutMs: '1.5' }, 'edit').errors, { timeoutMs: 'must be a whole number' });
  });

  test('service issues land on their fields', () => {
    const errors = fieldErrorsFromIssues([
      { path: ['config', 'url'], message: 'bad url' },
      { path: ['config', 'jsonAssertions', 0, 'path'], message: 'bad path' },
      { path: ['name'], message: 'empty' },
      { path: [], message: 'whole thing' },
    ]);
    assert.deepEqual(errors, { 'config.url': 'bad url', 'config.jsonAssertions': 'item 1 path: bad path', name: 'empty', _form: 'whole thing' });
  });
});

