import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { testAdminToken, testSecretKey } from '../helpers/app.ts';

let database: TestDatabase;
let server: ServerProcess;

before(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, HEALTH_MONITORING_ENABLED: 'false', SHUTDOWN_TIMEOUT_MS: '5000' });
});

after(async () => {
  await server?.stop('SIGKILL');
  await database.drop();
});

test('SIGTERM lets a request in flight finish, then the process exits 0', async () => {
  const url = new URL('/api/v1/integrations', server.url);
  const body = JSON.stringify({ name: 'In flight', kind: 'tcp', config: { host: '127.0.0.1', port: 9 } });
  // Send the headers and half of the body, signal the server, then send the rest.
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.write(body.slice(0, 10));
    setTimeout(() => {
      server.child.kill('SIGTERM');
      setTimeout(() => request.end(body.slice(10)), 500);
    }, 200);
  });
  const result = await response;
  assert.equal(result.status, 201, result.text);
  assert.equal(JSON.parse(result.text).integration.name, 'In flight');
  assert.equal(await server.exited, 0);
  assert.match(server.output(), /"msg":"shutting down"/);
  assert.match(server.output(), /"msg":"stopped"/);
});

test('after shutdown the new connection is refused and the created row was committed', async () => {
  await assert.rejects(fetch(`${server.url}/healthz`));
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM integrations WHERE name = 'In flight'");
    assert.equal(rows[0].n, 1);
  } finally {
    await client.end();
  }
});
