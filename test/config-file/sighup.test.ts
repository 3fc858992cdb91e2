/**
 * SIGHUP on the real process (`npm start`): INTEGRATIONS_FILE is applied again at once, and the
 * signal does not stop the server (its default action would).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { testAdminToken, testSecretKey, waitFor } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { makeConfigDir, yamlLines } from './helpers.ts';

describe('SIGHUP', () => {
  let database: TestDatabase;
  let dir: Awaited<ReturnType<typeof makeConfigDir>>;
  let server: ServerProcess;

  before(async () => {
    database = await createTestDatabase();
    dir = await makeConfigDir();
    await writeFile(dir.file, yamlLines('integrations:', '  - slug: edge', '    kind: tcp', '    config: { host: 127.0.0.1, port: 9 }'));
    server = await startServerProcess({
      DATABASE_URL: database.url,
      SECRET_KEY: testSecretKey,
      ADMIN_TOKEN: testAdminToken,
      INTEGRATIONS_FILE: dir.file,
      HEALTH_MONITORING_ENABLED: 'false',
      LOG_LEVEL: 'info',
    });
  });

  after(async () => {
    await server?.stop();
    await database?.drop();
    await dir?.remove();
  });

  test('re-applies the file and keeps the server running', async () => {
    assert.match(server.output(), /config file applied: 1 created, 0 updated, 0 deleted/);
    server.child.kill('SIGHUP');
    await waitFor(() => /"reason":"SIGHUP"[^\n]*config file applied: 0 created, 0 updated, 0 deleted/.test(server.output()), 5_000, 'the SIGHUP apply');
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(server.child.exitCode, null, 'still running');
    assert.equal(await server.stop(), 0, 'then stops cleanly on SIGTERM');
  });
});
