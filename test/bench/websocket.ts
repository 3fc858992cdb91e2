/**
 * WebSocket fan-out latency: how long a status change takes to reach 1,000 JSON clients on
 * `/api/v1/events` (goal p99 ≤ 50 ms), beside a bare `ws` server broadcasting a message of the
 * same bytes to 1,000 clients, measured in the same run.
 *
 * Both servers run as child processes and all clients live in this (bench) process, so server
 * and client work never share an event loop, the same way for both. A status change is made by
 * a push ping that alternates down/up on a push integration: the server stamps the result's
 * `at` when it takes the ping, then stores it in one transaction, NOTIFYs, hears it back through
 * LISTEN and sends to every client. Latency = receipt time here − `at` there (one machine, one
 * wall clock, both read with Date.now()/new Date(), so 1 ms resolution at both ends). It thus
 * covers the transaction and commit too, a little more than commit → client. The bare server
 * stamps `at` right before its send loop. A warm-up round on each side is not counted.
 *
 * Connections are opened in batches (no SYN floods); every wait is bounded; loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { adminHeaders, apiClient } from '../helpers/api.ts';
import { testAdminToken, testSecretKey } from '../helpers/app.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { percentile, prepareDatabase, rssMb, sleep } from './support.ts';
import type { BenchResult } from './types.ts';

/** BENCH_QUICK=1 shrinks the load tenfold to try the benchmark out; figures are then not comparable. */
const scale = process.env.BENCH_QUICK ? 0.1 : 1;
const CLIENTS = Math.round(1_000 * scale);
const ROUNDS = Math.max(5, Math.round(50 * scale));
/** Far above the hub's 75 ms coalescing and one flush, so rounds never run into each other. */
const ROUND_SPACING_MS = 300;
const ROUND_TIMEOUT_MS = 5_000;
const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 60_000;
const SLUG = 'bench-push';
const GOAL_P99_MS = 50;
const IDLE_MS = 3_000;

/** `{"type":"status"` vs `{"type":"snapshot"`: bytes 9 and 10 of the server's JSON tell them apart. */
const isStatus = (data: Buffer) => data[9] === 0x73 && data[10] === 0x74;
const isSnapshot = (data: Buffer) => data[9] === 0x73 && data[10] === 0x6e;

/** Clients with a minimal message handler: stamp the receipt time, keep the bytes, parse later. */
interface Clients {
  sockets: WebSocket[];
  times: number[][];
  payloads: Buffer[][];
  counts: { status: number; snapshots: number; closedEarly: number };
  closing: boolean;
  /** Called on every status message while a round waits (no polling timers during rounds). */
  wake: (() => void) | undefined;
}

function openOne(clients: Clients, url: string, headers: Record<string, string>): Promise<void> {
  const index = clients.sockets.length;
  // Less client work per message (the server's text is trusted here), the same for both servers.
  const socket = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true });
  clients.sockets.push(socket);
  const times: number[] = [];
  const payloads: Buffer[] = [];
  clients.times[index] = times;
  clients.payloads[index] = payloads;
  socket.on('message', (data: Buffer) => {
    times.push(Date.now());
    payloads.push(data);
    if (isStatus(data)) {
      clients.counts.status += 1;
      clients.wake?.();
    } else if (isSnapshot(data)) clients.counts.snapshots += 1;
  });
  socket.on('close', () => {
    if (!clients.closing) clients.counts.closedEarly += 1;
  });
  // Later errors end in 'close' (counted above); without a listener they would throw.
  socket.on('error', () => undefined);
  return new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
  });
}

async function openClients(url: string, count: number, headers: Record<string, string> = {}): Promise<Clients> {
  const clients: Clients = { sockets: [], times: [], payloads: [], counts: { status: 0, snapshots: 0, closedEarly: 0 }, closing: false, wake: undefined };
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  try {
    for (let offset = 0; offset < count; offset += CONNECT_BATCH) {
      if (Date.now() > deadline) throw new Error(`only ${offset} of ${count} WebSockets open after ${CONNECT_TIMEOUT_MS} ms`);
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - offset) }, () => openOne(clients, url, headers));
      await Promise.all(batch);
    }
  } catch (error) {
    closeClients(clients);
    throw error;
  }
  return clients;
}

function closeClients(clients: Clients): void {
  clients.closing = true;
  for (const socket of clients.sockets) socket.terminate();
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Resolves once `target` status messages have arrived in all, or false after `timeoutMs`. */
function statusCountReached(clients: Clients, target: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (reached: boolean) => {
      clients.wake = undefined;
      clearTimeout(timer);
      resolve(reached);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    clients.wake = () => clients.counts.status >= target && done(true);
    clients.wake();
  });
}

interface Measured {
  /** Latencies of counted rounds, sorted (ms). */
  latencies: number[];
  connected: number;
  received: number;
  expected: number;
  /** Status messages whose `to` was not the one of their round (out of order, duplicates). */
  wrong: number;
  closedEarly: number;
  /** Per counted round, sorted: latency of the first client served, and first → last client. */
  first: number[];
  spread: number[];
  /** CPU time per counted round beyond idle (ms): the server process, and this (client) process. */
  serverCpuMs: number;
  clientCpuMs: number;
}

/** user + system CPU time of a process in ms, from /proc (clock ticks of 10 ms). */
async function cpuMsOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const clientCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Runs `rounds + 1` rounds (the first is a warm-up), each started by `change(to)` and finished
 * when every client has one more status message or after ROUND_TIMEOUT_MS, then reads back the
 * k-th status message of SLUG on every client as round k.
 */
async function measureRounds(clients: Clients, serverPid: number, change: (to: 'down' | 'up') => Promise<void>): Promise<Measured> {
  const baseStatus = clients.counts.status;
  const targets: ('down' | 'up')[] = Array.from({ length: ROUNDS + 1 }, (_, round) => (round % 2 === 0 ? 'down' : 'up'));
  // Idle CPU (timers, pg-boss polling, pings) over a quiet spell, subtracted from the rounds'.
  const idleStarted = { at: Date.now(), server: await cpuMsOf(serverPid), client: clientCpuMs() };
  await sleep(IDLE_MS);
  const idleMs = Date.now() - idleStarted.at;
  const idle = { server: ((await cpuMsOf(serverPid)) - idleStarted.server) / idleMs, client: (clientCpuMs() - idleStarted.client) / idleMs };
  let before = { at: 0, server: 0, client: 0 };
  for (const [round, to] of targets.entries()) {
    // CPU is counted from the end of the warm-up round, over whole rounds.
    if (round === 1) before = { at: Date.now(), server: await cpuMsOf(serverPid), client: clientCpuMs() };
    const started = Date.now();
    await change(to);
    await statusCountReached(clients, baseStatus + (round + 1) * clients.sockets.length, ROUND_TIMEOUT_MS);
    await sleep(Math.max(0, started + ROUND_SPACING_MS - Date.now()));
  }
  const elapsed = Date.now() - before.at;
  const serverCpuMs = ((await cpuMsOf(serverPid)) - before.server - idle.server * elapsed) / ROUNDS;
  const clientCpu = (clientCpuMs() - before.client - idle.client * elapsed) / ROUNDS;
  const latencies: number[] = [];
  const firstByRound = new Array<number>(ROUNDS + 1).fill(Infinity);
  const lastByRound = new Array<number>(ROUNDS + 1).fill(-Infinity);
  let wrong = 0;
  for (const [index, payloads] of clients.payloads.entries()) {
    let round = 0;
    for (const [position, data] of payloads.entries()) {
      if (!isStatus(data)) continue;
      const message = JSON.parse(data.toString()) as { slug: string; to: string; at: string };
      if (message.slug !== SLUG) continue;
      if (message.to !== targets[round]) wrong += 1;
      else if (round > 0) {
        const latency = clients.times[index]![position]! - Date.parse(message.at);
        latencies.push(latency);
        firstByRound[round] = Math.min(firstByRound[round]!, latency);
        lastByRound[round] = Math.max(lastByRound[round]!, latency);
      }
      round += 1;
    }
  }
  latencies.sort((a, b) => a - b);
  const counted = firstByRound.map((first, round) => ({ first, last: lastByRound[round]! })).filter(({ first }, round) => round > 0 && Number.isFinite(first));
  const first = counted.map((round) => round.first).sort((a, b) => a - b);
  const spread = counted.map((round) => round.last - round.first).sort((a, b) => a - b);
  const expected = ROUNDS * clients.sockets.length;
  return { latencies, connected: clients.sockets.length, received: latencies.length, expected, wrong, closedEarly: clients.counts.closedEarly, first, spread, serverCpuMs, clientCpuMs: clientCpu };
}

/** The baseline server, as a child process like ours: `ws` with its defaults, one send loop. */
const bareServerScript = `
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('listening', () => process.send({ port: wss.address().port }));
process.on('message', (command) => {
  if (command.type === 'broadcast') {
    const at = new Date();
    const text = JSON.stringify({ type: 'status', slug: command.slug, from: command.from, to: command.to, at: at.toISOString() });
    for (const client of wss.clients) if (client.readyState === 1) client.send(text);
    process.send({ sent: true });
  } else if (command.type === 'stop') {
    for (const client of wss.clients) client.terminate();
    wss.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
`;

async function startBareServer(): Promise<{ child: ChildProcess; url: string; broadcast(to: 'down' | 'up'): Promise<void>; stop(): Promise<void> }> {
  // Run from the project root so `require('ws')` resolves to the same ws the product uses.
  const child = spawn(process.execPath, ['-e', bareServerScript], { cwd: process.cwd(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare ws server did not start within 10 s')), 10_000);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`bare ws server exited with ${code}`)));
  });
  return {
    child,
    url: `ws://127.0.0.1:${port}`,
    broadcast: (to) =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send({ type: 'broadcast', slug: SLUG, from: to === 'down' ? 'up' : 'down', to });
      }),
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function measureBare(): Promise<Measured> {
  const server = await startBareServer();
  let clients: Clients | undefined;
  try {
    clients = await openClients(server.url, CLIENTS);
    await sleep(500);
    return await measureRounds(clients, server.child.pid!, (to) => server.broadcast(to));
  } finally {
    if (clients) closeClients(clients);
    await server.stop();
  }
}

async function stopBounded(server: ServerProcess): Promise<void> {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await server.stop();
  clearTimeout(timer);
}

async function measureOurs(): Promise<Measured & { requestToClient: number[]; answered: number[]; serverRssMb: number }> {
  const db = await prepareDatabase();
  try {
    const server = await startServerProcess({ DATABASE_URL: db.database.url, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, LOG_LEVEL: 'warn' });
    let clients: Clients | undefined;
    try {
      const api = apiClient(server.url);
      // A deadline far beyond the run: no "no ping" check fires while we measure.
      const created = await api.post('/api/v1/integrations', { slug: SLUG, name: SLUG, kind: 'push', intervalSeconds: 3600, config: { graceSeconds: 3600 } });
      if (created.status !== 201) throw new Error(`creating ${SLUG}: ${created.status} ${JSON.stringify(created.body)}`);
      const pushUrl = `${server.url}${created.body.pushUrl as string}`;
      const sentAt: number[] = [];
      const answeredAt: number[] = [];
      const ping = async (status: 'down' | 'up') => {
        sentAt.push(Date.now());
        const response = await fetch(pushUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
        answeredAt.push(Date.now());
        const body = await response.text();
        if (response.status !== 200) throw new Error(`push ping answered ${response.status}: ${body}`);
      };
      // unknown → up before anyone listens, so every measured ping is a real change.
      await ping('up');
      sentAt.length = 0;
      answeredAt.length = 0;

      const url = `${server.url.replace(/^http/, 'ws')}/api/v1/events`;
      clients = await openClients(url, CLIENTS, adminHeaders);
      const live = clients;
      if (!(await waitUntil(() => live.counts.snapshots >= CLIENTS, 30_000))) throw new Error(`only ${live.counts.snapshots} of ${CLIENTS} snapshots arrived within 30 s`);
      await sleep(500);
      const serverRssMb = await rssMb(server.child.pid!);
      const measured = await measureRounds(clients, server.child.pid!, ping);

      // The same receipts, timed from the moment the ping request left this process: adds the
      // HTTP request and the push-token lookup that come before `at`.
      const requestToClient: number[] = [];
      const atByRound: number[] = [];
      for (const [index, payloads] of clients.payloads.entries()) {
        let round = 0;
        for (const [position, data] of payloads.entries()) {
          if (!isStatus(data) || !data.includes(`"slug":"${SLUG}"`)) continue;
          if (round > 0 && round < sentAt.length) requestToClient.push(clients.times[index]![position]! - sentAt[round]!);
          atByRound[round] ??= Date.parse((JSON.parse(data.toString()) as { at: string }).at);
          round += 1;
        }
      }
      requestToClient.sort((a, b) => a - b);
      // `at` → ping answered: the store and commit (and the HTTP answer), without the fan-out.
      const answered = answeredAt.flatMap((time, round) => (round > 0 && atByRound[round] !== undefined ? [time - atByRound[round]!] : [])).sort((a, b) => a - b);
      return { ...measured, requestToClient, answered, serverRssMb };
    } finally {
      if (clients) closeClients(clients);
      await stopBounded(server);
    }
  } finally {
    await db.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const bare = await measureBare();
  const ours = await measureOurs();
  const count = CLIENTS.toLocaleString('en');
  const p = (values: number[], q: number) => percentile(values, q);
  const p99 = p(ours.latencies, 99);
  const missing = (measured: Measured) => Math.max(0, measured.expected - measured.received);
  return [
    {
      name: `status change → ${count} JSON clients p50`,
      value: p(ours.latencies, 50),
      unit: 'ms',
      baseline: { name: `bare ws broadcast to ${count} p50`, value: p(bare.latencies, 50) },
      note: `${ROUNDS} push pings alternating down/up, ${ROUND_SPACING_MS} ms apart; from the result's \`at\` (taken before its transaction) to receipt; each change sends 2 messages per client (check, status); ping request sent → client p50 ${p(ours.requestToClient, 50).toFixed(0)} ms`,
    },
    {
      name: `status change → ${count} JSON clients p99`,
      value: p99,
      unit: 'ms',
      baseline: { name: `bare ws broadcast to ${count} p99`, value: p(bare.latencies, 99) },
      note: `goal p99 ≤ ${GOAL_P99_MS} ms: ${p99 <= GOAL_P99_MS ? 'met' : 'NOT met'}; max ${p(ours.latencies, 100).toFixed(0)} ms (bare ${p(bare.latencies, 100).toFixed(0)} ms); ping request sent → client p99 ${p(ours.requestToClient, 99).toFixed(0)} ms`,
    },
    {
      name: 'status change → first client (median of rounds)',
      value: p(ours.first, 50),
      unit: 'ms',
      // No ratio: the bare server stamps `at` right before sending, so its figure is ~0 ms.
      note: `bare ws → first client ${p(bare.first, 50).toFixed(0)} ms; store + commit + NOTIFY + LISTEN before any send; worst round ${p(ours.first, 100).toFixed(0)} ms; \`at\` → ping answered (stored and committed) p50 ${p(ours.answered, 50).toFixed(0)} ms, p99 ${p(ours.answered, 99).toFixed(0)} ms`,
    },
    {
      name: `first → last of ${count} clients (median of rounds)`,
      value: p(ours.spread, 50),
      unit: 'ms',
      baseline: { name: 'bare ws first → last', value: p(bare.spread, 50) },
      note: `the fan-out: server send loop and this process reading the messages; worst round ${p(ours.spread, 100).toFixed(0)} ms (bare ${p(bare.spread, 100).toFixed(0)} ms)`,
    },
    {
      name: 'server CPU per status change',
      value: ours.serverCpuMs,
      unit: 'ms',
      baseline: { name: 'bare ws CPU per broadcast', value: bare.serverCpuMs },
      note: `server process user+system per round minus its idle rate (ping request, transaction, NOTIFY, 2 sends per client, hub flush); client process ${ours.clientCpuMs.toFixed(1)} ms per change (bare ${bare.clientCpuMs.toFixed(1)} ms)`,
    },
    {
      name: 'WebSocket clients connected to /api/v1/events',
      value: ours.connected,
      unit: 'clients',
      note: `of ${count}; closed before the end: ${ours.closedEarly} (bare ws: ${bare.connected} connected, ${bare.closedEarly} closed); server RSS with them ${ours.serverRssMb.toFixed(0)} MB`,
    },
    {
      name: 'status messages received',
      value: ours.received,
      unit: 'messages',
      note: `expected ${ours.expected} (${count} clients × ${ROUNDS} rounds); bare ws received ${bare.received} of ${bare.expected}`,
    },
    {
      name: 'status messages missing or out of order',
      value: missing(ours) + ours.wrong,
      unit: 'messages',
      note: `should be 0; bare ws: ${missing(bare) + bare.wrong}`,
    },
  ];
}
