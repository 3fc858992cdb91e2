/** The admin UI for integrations: schema-generated forms, inline errors, write-only secrets, Try it, file-managed rows. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { signIn, type BrowserSession } from '../helpers/session.ts';

const apiKey = 'ui-secret-key-9f8e7d6c5b4a';

/** 200 only with the right X-Api-Key; the body echoes what was sent, to catch leaks through messages. */
async function startKeyedTarget() {
  const server = http.createServer((request, response) => {
    const key = request.headers['x-api-key'];
    response.statusCode = key === apiKey ? 200 : 401;
    response.end(`you sent ${String(key)}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('admin UI: integrations', () => {
  let app: TestApp;
  let admin: BrowserSession;
  let target: Awaited<ReturnType<typeof startKeyedTarget>>;

  const baseForm = (extra: Record<string, string> = {}) => ({ kind: 'http', name: 'Keyed API', 'config.url': target.url, 'config.method': 'GET', ...extra });
  const stored = (slug: string) => app.context.db.prisma.integration.findUniqueOrThrow({ where: { slug } });

  before(async () => {
    target = await startKeyedTarget();
    app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
    admin = await signIn(app, 'admin');
  });
  after(async () => {
    await app.close();
    await target.close();
  });

  test('the create form has one control per field of the kind’s schema, secrets as password inputs', async () => {
    const html = await (await admin.request('/admin/integrations/new?kind=http')).text();
    for (const field of ['url', 'method', 'headers', 'secretHeaders', 'basicAuthUser', 'basicAuthPassword', 'expectedStatus', 'jsonAssertions', 'maxRedirects']) {
      assert.ok(html.includes(`name="config.${field}"`), `field ${field}`);
    }
    assert.match(html, /<input type="password"[^>]*name="config.basicAuthPassword"/);
    assert.match(html, /<select[^>]*name="config.method"/);
    const slack = await (await admin.request('/admin/integrations/fields?kind=slack', { headers: { 'hx-request': 'true' } })).text();
    assert.match(slack, /<fieldset id="config-fields"/);
    assert.match(slack, /<input type="password"[^>]*name="config.token"/);
    assert.doesNotMatch(slack, /<html/, 'a fragment for htmx');
  });

  test('invalid input comes back as the form with the error next to its field (htmx: the fragment, 422)', async () => {
    const response = await admin.request('/admin/integrations', { form: baseForm({ 'config.url': 'not a url', 'config.maxRedirects': 'lots' }), headers: { 'hx-request': 'true' } });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.doesNotMatch(html, /<html/);
    assert.match(html, /id="f-config-url"[^>]*aria-invalid="true"/);
    assert.match(html, /id="f-config-url-error"/);
    assert.match(html, /id="f-config-maxRedirects-error"/);
    assert.equal(await app.context.db.prisma.integration.count({ where: { name: 'Keyed API' } }), 0);
  });

  test('creating with a secret stores it encrypted; the edit form shows "set — replace", never the value', async () => {
    const created = await admin.request('/admin/integrations', { form: baseForm({ slug: 'keyed', 'config.secretHeaders': `X-Api-Key: ${apiKey}`, tags: 'ops, team-a' }) });
    assert.equal(created.status, 303);
    const row = await stored('keyed');
    assert.deepEqual(row.tags, ['ops', 'team-a']);
    assert.ok(row.secrets && !row.secrets.includes(apiKey), 'encrypted at rest');
    assert.ok(!JSON.stringify(row.config).includes(apiKey));
    const edit = await (await admin.request('/admin/integrations/keyed/edit')).text();
    assert.ok(!edit.includes(apiKey));
    assert.match(edit, /name="config.secretHeaders"[^>]*placeholder="set — replace"/);
  });

  test('saving with the secret left empty keeps it; a new value replaces it; "remove" clears it', async () => {
    const form = (extra: Record<string, string>) => baseForm({ name: 'Keyed API', ...extra });
    assert.equal((await admin.request('/admin/integrations/keyed/edit', { form: form({ 'config.keyword': 'you sent' }) })).status, 303);
    let secrets = app.context.secrets.decryptJson((await stored('keyed')).secrets);
    assert.deepEqual(secrets.secretHeaders, { 'X-Api-Key': apiKey });
    assert.equal(((await stored('keyed')).config as Record<string, unknown>).keyword, 'you sent');

    assert.equal((await admin.request('/admin/integrations/keyed/edit', { form: form({ 'config.secretHeaders': 'X-Api-Key: replaced-value-123' }) })).status, 303);
    secrets = app.context.secrets.decryptJson((await stored('keyed')).secrets);
    assert.deepEqual(secrets.secretHeaders, { 'X-Api-Key': 'replaced-value-123' });

    assert.equal((await admin.request('/admin/integrations/keyed/edit', { form: form({ 'config.secretHeaders': `X-Api-Key: ${apiKey}` }) })).status, 303);
    assert.equal((await admin.request('/admin/integrations/keyed/edit', { form: form({ 'config.basicAuthUser': 'u', 'config.basicAuthPassword': 'pw-to-remove' }) })).status, 303);
    assert.equal(app.context.secrets.decryptJson((await stored('keyed')).secrets).basicAuthPassword, 'pw-to-remove');
    assert.equal((await admin.request('/admin/integrations/keyed/edit', { form: form({ 'config.basicAuthUser': 'u', 'clear.basicAuthPassword': 'on' }) })).status, 303);
    assert.equal(app.context.secrets.decryptJson((await stored('keyed')).secrets).basicAuthPassword, undefined);
    assert.deepEqual(app.context.secrets.decryptJson((await stored('keyed')).secrets).secretHeaders, { 'X-Api-Key': apiKey }, 'the other secret is untouched');
  });

  test('Try it runs the unsaved config once and shows the observation, with secrets scrubbed', async () => {
    const before = await app.context.db.pool.query('SELECT count(*)::int AS n FROM check_results');
    const up = await (await admin.request('/admin/integrations/try', { form: baseForm({ 'config.secretHeaders': `X-Api-Key: ${apiKey}`, 'config.keyword': 'you sent' }), headers: { 'hx-request': 'true' } })).text();
    assert.match(up, /class="pill s-up"/);
    assert.ok(!up.includes(apiKey));
    const down = await (await admin.request('/admin/integrations/try', { form: baseForm({ 'config.secretHeaders': 'X-Api-Key: wrong-key-value', 'config.keyword': apiKey }), headers: { 'hx-request': 'true' } })).text();
    assert.match(down, /class="pill s-down"/);
    assert.match(down, /401/);
    const after = await app.context.db.pool.query('SELECT count(*)::int AS n FROM check_results');
    assert.equal(after.rows[0].n, before.rows[0].n, 'nothing is stored');
    assert.equal(await app.context.db.prisma.integration.count({ where: { name: 'Keyed API' } }), 1, 'no integration created');
  });

  test('Try it on the edit form uses the stored secret when the field is left empty', async () => {
    const html = await (await admin.request('/admin/integrations/try', { form: baseForm({ editing: 'keyed' }) })).text();
    assert.match(html, /class="pill s-up"/, 'the stored X-Api-Key was sent');
  });

  test('Try it reports invalid settings instead of running', async () => {
    const html = await (await admin.request('/admin/integrations/try', { form: baseForm({ 'config.url': 'ftp://nope' }) })).text();
    assert.match(html, /Not run/);
    assert.match(html, /url:/);
  });

  test('pause, resume and delete from the list', async () => {
    assert.equal((await admin.request('/admin/integrations/keyed/pause', { form: {} })).status, 303);
    assert.equal((await stored('keyed')).paused, true);
    assert.match(await (await admin.request('/admin/integrations')).text(), /action="\/admin\/integrations\/keyed\/resume"/);
    assert.equal((await admin.request('/admin/integrations/keyed/resume', { form: {} })).status, 303);
    assert.equal((await stored('keyed')).paused, false);
    assert.equal((await admin.request('/admin/integrations/keyed/delete', { form: {} })).status, 303);
    assert.equal(await app.context.db.prisma.integration.count({ where: { slug: 'keyed' } }), 0);
  });

  test('an integration managed by a file is marked, read-only, and refuses changes', async () => {
    const created = await admin.request('/admin/integrations', { form: baseForm({ slug: 'from-file', name: 'From file' }) });
    assert.equal(created.status, 303);
    await app.context.db.prisma.integration.update({ where: { slug: 'from-file' }, data: { managedBy: 'integrations.yaml' } });
    const list = await (await admin.request('/admin/integrations')).text();
    assert.match(list, /managed by file/);
    assert.doesNotMatch(list, /action="\/admin\/integrations\/from-file\/delete"/);
    const view = await (await admin.request('/admin/integrations/from-file/edit')).text();
    assert.match(view, /Managed by integrations.yaml/);
    assert.match(view, /id="f-name"[^>]*disabled/);
    assert.doesNotMatch(view, /type="submit"[^>]*class="primary"/);
    const save = await admin.request('/admin/integrations/from-file/edit', { form: baseForm({ name: 'Renamed' }) });
    assert.equal(save.status, 422);
    assert.match(await save.text(), /managed by integrations.yaml/);
    assert.equal((await admin.request('/admin/integrations/from-file/delete', { form: {} })).status, 409);
    assert.equal((await stored('from-file')).name, 'From file');
  });
});
