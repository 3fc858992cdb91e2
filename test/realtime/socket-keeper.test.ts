import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { SocketKeeper } from '../../src/realtime/socket-keeper.ts';

let server: WebSocketServer;
let url: string;

before(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function pair(): Promise<{ client: WebSocket; serverSide: WebSocket }> {
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(url);
  await new Promise((resolve) => client.once('open', resolve));
  return { client, serverSide: await accepted };
}

test('a client that answers pings stays, one that stopped reading is dropped', async () => {
  const gone: WebSocket[] = [];
  // A generous interval: on a loaded machine a 40 ms one dropped the healthy client too.
  const keeper = new SocketKeeper({ intervalMs: 300, maxBufferedBytes: 1_000_000, onGone: (socket) => gone.push(socket) });
  const healthy = await pair();
  const silent = await pair();
  keeper.watch(healthy.serverSide);
  keeper.watch(silent.serverSide);
  // A vanished peer: its TCP socket no longer reads, so it never answers the ping.
  (silent.client as unknown as { _socket: { pause(): void } })._socket.pause();
  // Two missed intervals drop it; wait for that (bounded), then one more interval for any mistake.
  for (let waited = 0; gone.length === 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.deepEqual(gone, [silent.serverSide]);
  assert.equal(healthy.serverSide.readyState, WebSocket.OPEN);
  keeper.stop();
  healthy.client.close();
  silent.client.terminate();
});

test('a client whose unsent data piles up is closed with 1013 so it reconnects fresh', async () => {
  const gone: WebSocket[] = [];
  const keeper = new SocketKeeper({ intervalMs: 60_000, maxBufferedBytes: 64 * 1024, onGone: (socket) => gone.push(socket) });
  const slow = await pair();
  keeper.watch(slow.serverSide);
  (slow.client as unknown as { _socket: { pause(): void } })._socket.pause();
  const closed = new Promise<number>((resolve) => slow.serverSide.once('close', (code) => resolve(code)));
  const chunk = 'x'.repeat(256 * 1024);
  for (let index = 0; index < 64 && gone.length === 0; index += 1) {
    keeper.send(slow.serverSide, chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(gone, [slow.serverSide]);
  slow.client.terminate();
  assert.ok([1013, 1006].includes(await closed));
  keeper.stop();
});
