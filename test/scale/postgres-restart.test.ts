/**
 * PostgreSQL restarts under a running instance (a server this test starts itself): the process
 * stays up, /readyz answers 503 while the database is gone, and once it is back the instance
 * reconnects and checks resume — no restart of the app needed. A live WebSocket client stays
 * connected through it and is resynced (a fresh snapshot: events may have been missed while the
 * LISTEN connection was down), then hears the new results.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';
import { testAdminToken, testSecretKey, waitFor } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../helpers/switchable-target.ts';
import { openSocket, type TestSocket } from '../realtime/socket.ts';

let dataDir: string;
let postgres: EmbeddedDatabase;
let server: ServerProcess;
let target: SwitchableTarget;
let socket: TestSocket;
const log = createLogger('silent');

const resultCount = async () => {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query("SELECT count(*)::int AS n FROM check_results WHERE trigger = 'schedule'")).rows[0].n as number;
  } finally {
    await client.end();
  }
};

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ih-pg-restart-'));
  postgres = await startEmbeddedPostgres(dataDir, log);
  target = await startSwitchableTarget();
  server = await startServerProcess({ DATABASE_URL: postgres.url, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, CHECK_INTERVAL_SECONDS: '5', LOG_LEVEL: 'warn' });
  const api = apiClient(server.url);
  for (let index = 0; index < 5; index += 1) {
    assert.equal((await api.post('/api/v1/integrations', { slug: `svc-${index}`, name: `Service ${index}`, kind: 'http', config: { url: target.url } })).status, 201);
  }
  await waitFor(async () => (await resultCount()) >= 5, 15_000, 'first results');
  socket = await openSocket(server.url, '/api/v1/events');
  await socket.next((message) => message.includes('"type":"snapshot"'), 'the first snapshot');
});

after(async () => {
  await socket?.close();
  await server?.stop('SIGKILL');
  await postgres?.stop();
  await target?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('while PostgreSQL is down the process stays up and /readyz answers 503', async () => {
  await postgres.stop();
  const status = await waitFor(async () => {
    const response = await fetch(`${server.url}/readyz`);
    return response.status === 503 ? response.status : undefined;
  }, 10_000, '/readyz 503');
  assert.equal(status, 503);
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  assert.equal(server.child.exitCode, null, `the process exited:\n${server.output().slice(-2000)}`);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('when PostgreSQL returns the instance reconnects and checks resume', async () => {
  postgres = await startEmbeddedPostgres(dataDir, log, { port: postgres.port });
  const before = await resultCount();
  await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 30_000, '/readyz 200 again');
  const after = await waitFor(async () => {
    const count = await resultCount();
    return count >= before + 5 ? count : undefined;
  }, 45_000, 'new results after the restart');
  assert.ok(after >= before + 5);
  assert.equal(server.child.exitCode, null);
});

test('a WebSocket client stays connected through the outage, is resynced, and hears new results', async () => {
  assert.equal(socket.socket.readyState, socket.socket.OPEN);
  const snapshots = () => socket.messages.filter((message) => message.includes('"type":"snapshot"')).length;
  await waitFor(async () => (snapshots() >= 2 ? true : undefined), 30_000, 'a second snapshot after the listener reconnected');
  const resyncAt = socket.messages.findLastIndex((message) => message.includes('"type":"snapshot"'));
  const resync = JSON.parse(socket.messages[resyncAt]!);
  const slugs = resync.integrations.map((entry: { slug: string }) => entry.slug).filter((slug: string) => slug.startsWith('svc-'));
  assert.deepEqual(slugs.sort(), ['svc-0', 'svc-1', 'svc-2', 'svc-3', 'svc-4']);
  const check = JSON.parse(await socket.next((message) => message.includes('"type":"check"'), 'a check after the resync', 30_000, resyncAt + 1));
  assert.match(check.slug, /^svc-\d$/);
});
