import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import pg from 'pg';
import { postgresCheck } from '../../src/checks/postgres.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const context = (timeoutMs?: number) => netCheckContext(timeoutMs === undefined ? {} : { timeoutMs });

async function unreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${new URL(databaseUrl).host} is unreachable (${(error as Error).message}); set DATABASE_URL`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A port nothing listens on: bind an ephemeral one, then release it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const skip = await unreachableReason();
if (skip) console.log(`skipping postgres check tests: ${skip}`);

describe('postgres check', { skip }, () => {
  test('a reachable server answers SELECT 1 and reports its version', async () => {
    const config = postgresCheck.configSchema.parse({ url: databaseUrl });
    const result = await observed(postgresCheck.run(config, context()));
    assert.equal(result.status, 'up', result.message);
    assert.match(String(result.details?.serverVersion), /^\d+(\.\d+)?/);
    assert.ok(result.latencyMs >= 0);
  });

  test('discrete host, port, user and database fields work like a connection string', async () => {
    const url = new URL(databaseUrl);
    const config = postgresCheck.configSchema.parse({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      password: decodeURIComponent(url.password) || undefined,
      database: url.pathname.slice(1) || 'postgres',
    });
    const result = await observed(postgresCheck.run(config, context()));
    assert.equal(result.status, 'up', result.message);
  });

  test('a database that does not exist is down in plain words without echoing the password', async () => {
    const url = new URL(databaseUrl);
    url.pathname = '/no_such_database_for_health_check';
    url.password = 's3cret-pass';
    const config = postgresCheck.configSchema.parse({ url: url.toString() });
    const result = await observed(postgresCheck.run(config, context()));
    assert.equal(result.status, 'down');
    // With trust auth the password is ignored and the database is missing; with password auth
    // the password is wrong. Either way the reason is spelled out and the secret is not.
    assert.match(result.message, /^(Database "no_such_database_for_health_check" does not exist|Authentication failed)/);
    const shown = JSON.stringify(result);
    assert.ok(!shown.includes('s3cret-pass'), shown);
    assert.ok(!shown.includes(url.toString()), shown);
  });

  test('a closed port is down with "Connection refused" and the address', async () => {
    const port = await closedPort();
    const config = postgresCheck.configSchema.parse({ url: `postgres://postgres:hunter22@127.0.0.1:${port}/postgres` });
    const result = await observed(postgresCheck.run(config, context()));
    assert.equal(result.status, 'down');
    assert.equal(result.message, `Connection refused by 127.0.0.1:${port}`);
    assert.ok(!JSON.stringify(result).includes('hunter22'));
  });

  test('a server that never answers is down once the signal times out', async () => {
    // Accepts the TCP connection but never speaks, so only the abort can end the check.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const config = postgresCheck.configSchema.parse({ host: '127.0.0.1', port });
      const started = Date.now();
      const result = await observed(postgresCheck.run(config, context(300)));
      assert.equal(result.status, 'down');
      assert.match(result.message, /^Timed out after 300 ms/);
      assert.ok(Date.now() - started < 2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('the config needs either a connection string or a host', () => {
    assert.equal(postgresCheck.configSchema.safeParse({}).success, false);
    assert.deepEqual(postgresCheck.secretFields, ['url', 'password']);
  });
});

