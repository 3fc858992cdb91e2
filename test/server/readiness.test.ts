import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';

// A PostgreSQL server of the test's own, so it can be stopped and started again.
let dataDir: string;
let postgres: EmbeddedDatabase;
let app: TestApp;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ih-readyz-'));
  postgres = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  app = await startTestApp({ database: { url: postgres.url, name: 'integration_health', drop: async () => undefined } });
});

after(async () => {
  await app?.close();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const readyz = async () => {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; reasons?: string[] } };
};

test('/healthz and /readyz answer 200 while the database is up', async () => {
  assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  const ready = await readyz();
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, 'ready');
});

test('/readyz turns 503 with the reason when the database goes away, while /healthz stays 200', async () => {
  await postgres.stop();
  const notReady = await readyz();
  assert.equal(notReady.status, 503);
  assert.deepEqual(notReady.body.reasons, ['database unreachable']);
  assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
});

test('/readyz returns to 200 once the database is back, without restarting the app', async () => {
  postgres = await startEmbeddedPostgres(dataDir, createLogger('silent'), { port: postgres.port });
  const ready = await waitFor(async () => {
    const result = await readyz();
    return result.status === 200 ? result : undefined;
  }, 20_000, '/readyz to answer 200');
  assert.equal(ready.body.status, 'ready');
});
