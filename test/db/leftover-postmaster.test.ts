/**
 * A server killed with SIGKILL (or by the OOM killer) used to leave its embedded PostgreSQL
 * running, and every later start failed on the locked data folder. Each test runs the embedded
 * server in a child process (test/helpers/embedded-child.ts) that it kills, then starts again
 * from the same folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { postgresSystemUser } from '../../src/db/postgres-system-user.ts';
import { waitFor } from '../helpers/app.ts';
import { capturedLogger, isRunning, postmasterPid, startEmbeddedChild, watchdogPid, type EmbeddedChild } from '../helpers/embedded-process.ts';

const linuxOnly = process.platform === 'linux' ? false : 'finds the watchdog through /proc (Linux only)';
const folders: string[] = [];
const children: EmbeddedChild[] = [];

async function freshFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ih-leftover-'));
  folders.push(dir);
  return dir;
}

async function childOn(dataDir: string): Promise<EmbeddedChild> {
  const child = await startEmbeddedChild(dataDir);
  children.push(child);
  return child;
}

async function killed(child: EmbeddedChild): Promise<void> {
  child.child.kill('SIGKILL');
  await child.exited;
}

after(async () => {
  for (const child of children) child.child.kill('SIGTERM');
  await Promise.all(children.map((child) => child.exited));
  // Their watchdogs stop the servers; the folders can go once no postmaster writes into them.
  for (const dir of folders) {
    const pid = await postmasterPid(dir);
    if (pid !== undefined) await waitFor(async () => !(await isRunning(pid)), 30_000, `the server in ${dir} to stop`);
  }
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('a server left running by a SIGKILLed parent (watchdog killed too) is stopped with a fast shutdown, said at info, and the new start works', { skip: linuxOnly }, async () => {
  const dataDir = await freshFolder();
  const child = await childOn(dataDir);
  const leftover = (await postmasterPid(dataDir))!;
  // What a kill of the whole process tree would leave: the watchdog gone too.
  const watchdog = await watchdogPid(dataDir);
  if (watchdog) process.kill(watchdog, 'SIGKILL');
  await killed(child);
  assert.ok(await isRunning(leftover), 'the postmaster survives its parent (the situation to recover from)');

  const { log, lines } = capturedLogger();
  const database = await startEmbeddedPostgres(dataDir, log);
  try {
    assert.equal(await isRunning(leftover), false);
    const stopping = lines.map((line) => JSON.parse(line)).find((entry) => /left running by an earlier run/.test(entry.msg));
    assert.ok(stopping, lines.join('\n'));
    assert.equal(stopping.level, 30, 'logged at info');
    assert.equal(stopping.postgresPid, leftover);
    assert.ok(lines.some((line) => /"signal":"SIGINT".*the leftover server has stopped/.test(line)), 'a fast shutdown was enough');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    assert.equal((await client.query('SELECT 1 AS one')).rows[0].one, 1);
    await client.end();
  } finally {
    await database.stop();
  }
});

test('without any help the watchdog stops the server soon after its parent is SIGKILLed', { skip: linuxOnly }, async () => {
  const dataDir = await freshFolder();
  const child = await childOn(dataDir);
  const server = (await postmasterPid(dataDir))!;
  await killed(child);
  // A liveness wait, not a timing assertion: pg_ctl's fast shutdown normally takes well under a second.
  await waitFor(async () => !(await isRunning(server)), 30_000, 'the orphaned postmaster to exit');
  assert.equal(await postmasterPid(dataDir), undefined, 'a clean shutdown removes postmaster.pid');
});

test('a folder whose server belongs to a running process is refused with the folder and the pid, and that server keeps running', async () => {
  const dataDir = await freshFolder();
  const owner = await childOn(dataDir);
  const server = (await postmasterPid(dataDir))!;
  const databaseDir = path.join(dataDir, 'postgres');
  await assert.rejects(startEmbeddedPostgres(dataDir, capturedLogger().log), (error: Error) => {
    assert.ok(error.message.includes(databaseDir), error.message);
    assert.ok(error.message.includes(`postgres pid ${server}`), error.message);
    assert.ok(error.message.includes(`process ${owner.child.pid}`), error.message);
    return true;
  });
  assert.ok(await isRunning(server));
  const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
  const client = new pg.Client({ host: '127.0.0.1', port: owner.port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  await client.end();
});

test('a stale postmaster.pid whose process has exited does not block the start', async () => {
  const dataDir = await freshFolder();
  await (await startEmbeddedPostgres(dataDir, capturedLogger().log)).stop();
  const exited = spawn('true');
  const deadPid = exited.pid!;
  await new Promise((resolve) => exited.on('exit', resolve));
  await writeFile(path.join(dataDir, 'postgres', 'postmaster.pid'), `${deadPid}\n${path.join(dataDir, 'postgres')}\n0\n5432\n\n127.0.0.1\n  0 0\nready   \n`);
  const { log, lines } = capturedLogger();
  const database = await startEmbeddedPostgres(dataDir, log);
  await database.stop();
  assert.ok(lines.some((line) => /postmaster.pid is left from a server that has exited/.test(line)), lines.join('\n'));
});

test('a stale postmaster.pid whose process id now belongs to another process of the server\'s user is removed, not obeyed', async () => {
  const dataDir = await freshFolder();
  await (await startEmbeddedPostgres(dataDir, capturedLogger().log)).stop();
  // PostgreSQL itself refuses to start over a pid file naming a live process of its own user.
  const user = await postgresSystemUser();
  const bystander = spawn('sleep', ['60'], user ? { uid: user.uid, gid: user.gid } : {});
  try {
    await writeFile(path.join(dataDir, 'postgres', 'postmaster.pid'), `${bystander.pid}\n${path.join(dataDir, 'postgres')}\n0\n5432\n\n127.0.0.1\n  0 0\nready   \n`);
    const { log, lines } = capturedLogger();
    const database = await startEmbeddedPostgres(dataDir, log);
    await database.stop();
    assert.ok(lines.some((line) => /not this folder's server .*removed the stale file/.test(line)), lines.join('\n'));
    assert.equal(bystander.exitCode, null, 'the unrelated process was left alone');
  } finally {
    bystander.kill('SIGKILL');
  }
});
