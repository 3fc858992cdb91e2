import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { redisCheck } from '../../src/checks/redis.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const host = redisUrl.hostname;
const port = Number(redisUrl.port || 6379);
const password = decodeURIComponent(redisUrl.password) || undefined;

const context = (timeoutMs?: number) => netCheckContext(timeoutMs === undefined ? {} : { timeoutMs });

/** Runs a few raw commands (no check code involved) and returns everything the server sent. */
async function rawExchange(commands: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('no answer within 2 s')));
    socket.on('connect', () => socket.end(commands));
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

async function unreachableReason(): Promise<string | undefined> {
  try {
    const auth = password ? `AUTH ${password}\r\n` : '';
    const answer = await rawExchange(`${auth}PING\r\nQUIT\r\n`);
    return answer.includes('+PONG') ? undefined : `Redis at ${host}:${port} did not answer PING (${answer.trim()}); set REDIS_URL`;
  } catch (error) {
    return `Redis at ${host}:${port} is unreachable (${(error as Error).message}); set REDIS_URL`;
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

const skip = await unreachableReason();
if (skip) console.log(`skipping redis check tests: ${skip}`);

describe('redis check', { skip }, () => {
  test('PING is answered with PONG and the Redis version is reported', async () => {
    const config = redisCheck.configSchema.parse({ host, port, password });
    const result = await observed(redisCheck.run(config, context()));
    assert.equal(result.status, 'up', result.message);
    assert.match(result.message, /^PONG/);
    assert.match(String(result.details?.redisVersion), /^\d+\.\d+\.\d+/);
  });

  test('a database index is selected before PING', async () => {
    const config = redisCheck.configSchema.parse({ host, port, password, db: 1 });
    const result = await observed(redisCheck.run(config, context()));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.db, 1);
  });

  test('a database index beyond the server range is down and names the database', async () => {
    const config = redisCheck.configSchema.parse({ host, port, password, db: 100000 });
    const result = await observed(redisCheck.run(config, context()));
    assert.equal(result.status, 'down');
    assert.match(result.message, /^Database 100000 cannot be selected/);
  });

  test('a closed port is down with "Connection refused" and the address', async () => {
    const free = await closedPort();
    const config = redisCheck.configSchema.parse({ host: '127.0.0.1', port: free });
    const result = await observed(redisCheck.run(config, context()));
    assert.equal(result.status, 'down');
    assert.equal(result.message, `Connection refused by 127.0.0.1:${free}`);
  });

  test('a wrong password is down with a clear reason and the password is never shown', async () => {
    const wrong = 'definitely-not-the-password-42';
    const config = redisCheck.configSchema.parse({ host, port, password: wrong });
    const result = await observed(redisCheck.run(config, context()));
    assert.equal(result.status, 'down');
    // A Redis with a password says WRONGPASS; one without says no password is configured.
    assert.match(result.message, /^Authentication failed: (wrong password or user name|a password is configured here, but the Redis server has none set)$/);
    assert.ok(!JSON.stringify(result).includes(wrong));
  });

  test('a server that accepts the connection but never answers is down when the signal times out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port: silentPort } = silent.address() as net.AddressInfo;
    try {
      const config = redisCheck.configSchema.parse({ host: '127.0.0.1', port: silentPort });
      const result = await observed(redisCheck.run(config, context(300)));
      assert.equal(result.status, 'down');
      assert.equal(result.message, 'Timed out after 300 ms (PING)');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('a peer that is not Redis is reported as such', async () => {
    // resume(): keep reading so the server notices our close and can shut down.
    const http = net.createServer((socket) => socket.resume().end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port: httpPort } = http.address() as net.AddressInfo;
    try {
      const result = await observed(redisCheck.run(redisCheck.configSchema.parse({ host: '127.0.0.1', port: httpPort }), context()));
      assert.equal(result.status, 'down');
      assert.match(result.message, /^127\.0\.0\.1:\d+ does not speak the Redis protocol \(it answered "HTTP\/1.1 400 Bad Request"\)/);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  test('the password is the only secret field', () => {
    assert.deepEqual(redisCheck.secretFields, ['password']);
  });
});
