import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { tcpCheck } from '../../src/checks/tcp.ts';
import { closedPort } from '../helpers/http-target.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

let server: net.Server;
let port: number;
/** Resolves with each server-side socket once the client has closed it. */
const closedByClient: Array<Promise<void>> = [];

before(async () => {
  server = net.createServer((socket) => {
    closedByClient.push(new Promise((resolve) => socket.on('close', () => resolve())));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function check(config: Record<string, unknown>, context = netCheckContext()) {
  return observed(tcpCheck.run(tcpCheck.configSchema.parse(config), context));
}

describe('tcp check', () => {
  test('an open port is up, reports connect time and the connection is closed afterwards', { timeout: 5000 }, async () => {
    const opened = closedByClient.length;
    const result = await check({ host: '127.0.0.1', port });
    assert.equal(result.status, 'up');
    assert.match(result.message, new RegExp(`^Connected to 127\\.0\\.0\\.1:${port} in \\d+ ms$`));
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 2000);
    assert.equal(result.details?.remoteAddress, '127.0.0.1');
    // The server may accept a moment after the client saw "connect".
    for (let i = 0; i < 100 && closedByClient.length === opened; i += 1) await new Promise((r) => setTimeout(r, 10));
    assert.equal(closedByClient.length, opened + 1);
    await closedByClient.at(-1); // never settles (and the test times out) if the check left the socket open
  });

  test('a closed port is reported as connection refused', async () => {
    const closed = await closedPort();
    await assert.rejects(check({ host: '127.0.0.1', port: closed }), { message: `Connection refused by 127.0.0.1:${closed}` });
  });

  test('an unresolvable host is reported as a DNS failure', async () => {
    await assert.rejects(check({ host: 'db.example.invalid', port: 5432 }, netCheckContext({ timeoutMs: 3000 })), {
      message: /^(DNS lookup failed for db\.example\.invalid|Timed out after 3000 ms)$/,
    });
  });

  test('an abort while connecting stops the attempt with the timeout message', async () => {
    const controller = new AbortController();
    const context = netCheckContext({ timeoutMs: 750, signal: controller.signal });
    const running = check({ host: 'localhost', port }, context);
    controller.abort();
    await assert.rejects(running, { message: 'Timed out after 750 ms' });
  });

  test('an already aborted signal fails without connecting', async () => {
    const opened = closedByClient.length;
    await assert.rejects(check({ host: '127.0.0.1', port }, netCheckContext({ timeoutMs: 10, signal: AbortSignal.abort() })), {
      message: 'Timed out after 10 ms',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(closedByClient.length, opened);
  });

  test('the schema requires a host and a port between 1 and 65535', () => {
    assert.equal(tcpCheck.configSchema.safeParse({ host: 'a', port: 0 }).success, false);
    assert.equal(tcpCheck.configSchema.safeParse({ host: 'a', port: 65536 }).success, false);
    assert.equal(tcpCheck.configSchema.safeParse({ host: '', port: 80 }).success, false);
    assert.equal(tcpCheck.configSchema.safeParse({ host: 'a', port: 80 }).success, true);
    assert.deepEqual(tcpCheck.secretFields, []);
  });
});
