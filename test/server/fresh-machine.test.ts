/**
 * The fresh-machine path, honestly: the README's `npm start` with no DATABASE_URL and no
 * SECRET_KEY starts an embedded PostgreSQL under DATA_DIR, creates `self`, checks it and lists
 * it, and stops cleanly on SIGTERM (npm's `exec` hands the signal to the server itself).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testAdminToken, waitFor } from '../helpers/app.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';

let dataDir: string;
let server: ServerProcess;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ih-fresh-'));
  server = await startServerProcess({ DATABASE_URL: undefined, SECRET_KEY: undefined, DATA_DIR: dataDir, ADMIN_TOKEN: testAdminToken }, 90_000, { viaNpmStart: true });
});

after(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('with no DATABASE_URL the server runs on an embedded PostgreSQL under DATA_DIR', async () => {
  assert.ok((await stat(path.join(dataDir, 'postgres', 'PG_VERSION'))).isFile());
  assert.match(server.output(), /embedded PostgreSQL started/);
});

test('a generated secret key is kept in DATA_DIR, readable only by its owner', async () => {
  const file = path.join(dataDir, 'secret-key');
  assert.ok((await readFile(file, 'utf8')).trim().length >= 32);
  assert.equal((await stat(file)).mode & 0o077, 0);
});

test('the dashboard lists "self", checked, with a status', async () => {
  const html = await waitFor(async () => {
    const page = await (await fetch(`${server.url}/integrations/health`, { headers: { authorization: `Bearer ${testAdminToken}` } })).text();
    return /data-status="up"/.test(page) ? page : undefined;
  }, 30_000, 'self to be checked up');
  assert.match(html, /self/);
  assert.match(html, /Up/);
  assert.match(server.output(), /\/setup\?token=/, 'the log tells a new user how to create the first admin');
});

test('SIGTERM stops the server and the embedded PostgreSQL', async () => {
  assert.equal(await server.stop(), 0);
  assert.match(server.output(), /embedded PostgreSQL stopped/);
});
