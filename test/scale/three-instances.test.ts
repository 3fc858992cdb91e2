/**
 * Several instances, with real processes: two `ROLE=all` instances (A, B: web + workers) and one
 * `ROLE=web` instance (C: pages and sockets only) on one database, 300 http integrations every
 * 5 s against a loopback target, for a bounded run. It proves what README "Running several
 * instances" promises:
 * - every due check runs exactly once: no scheduled job yields two results, no two runs closer
 *   than the interval minus jitter, no gap beyond interval + jitter + lag — also through the
 *   backoff after the target goes down;
 * - both workers share the checks and the web-only instance runs none (the target finds which
 *   process opened each connection in /proc, since no stored row names the worker);
 * - live updates reach WebSocket clients on every web instance (JSON events and dashboard pages),
 *   C included, although C stores no result of its own;
 * - alert de-duplication: the down alert of each integration the webhook channel is routed to
 *   arrives exactly once (none for the others), though two instances decide and send alerts;
 * - the check-now limit is shared: concurrent requests at every instance get one 202, the rest 429.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { apiClient, type ApiResponse } from '../helpers/api.ts';
import { testAdminToken, testSecretKey, waitFor } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { startWebhookReceiver, type HttpReceiver } from '../helpers/webhook-receiver.ts';
import { openSocket, type TestSocket } from '../realtime/socket.ts';

const intervalSeconds = 5;
const maxIntervalSeconds = 3600;
const integrations = 300;
const slugs = Array.from({ length: integrations }, (_, index) => `svc-${index}`);
/** The integrations the webhook channel is routed to (tag `paging`). */
const paging = new Set(slugs.filter((_, index) => index % 2 === 0));
/** Scheduler lag plus check and commit time, on a loaded 2-core machine running everything. */
const lagSlackMs = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const procReadable = await readFile('/proc/net/tcp', 'utf8').then(() => true, () => false);

/** The process holding the client end of a loopback connection: /proc/net/tcp names the socket's inode, /proc/<pid>/fd its owner. */
async function ownerOf(clientPort: number, serverPort: number, pids: number[]): Promise<number | undefined> {
  const hex = (port: number) => `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const fields = (await readFile('/proc/net/tcp', 'utf8'))
    .split('\n')
    .map((row) => row.trim().split(/\s+/))
    .find((row) => row[1]?.endsWith(hex(clientPort)) && row[2]?.endsWith(hex(serverPort)));
  const inode = fields?.[9];
  if (!inode || inode === '0') return undefined;
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === `socket:[${inode}]`) return pid;
    }
  }
  return undefined;
}

interface AttributingTarget {
  url: string;
  setStatus(code: number): void;
  /** Requests counted per process that opened the connection (`undefined`: owner not found). */
  requestsByOwner(): Promise<Map<number | undefined, number>>;
  close(): Promise<void>;
}

/** The checked service: answers 200 or 503 as the test says, and remembers which process sent each request. */
async function startAttributingTarget(pids: () => number[]): Promise<AttributingTarget> {
  let status = 200;
  const connections: { owner: Promise<number | undefined>; requests: number }[] = [];
  const bySocket = new WeakMap<Socket, { requests: number }>();
  const server = http.createServer((req, res) => {
    const connection = bySocket.get(req.socket);
    if (connection) connection.requests += 1;
    res.statusCode = status;
    res.end(status < 400 ? 'ok' : 'failing');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.on('connection', (socket: Socket) => {
    // Looked up at once, while the client end is certainly still open.
    const owner = procReadable ? ownerOf(socket.remotePort ?? 0, port, pids()).catch(() => undefined) : Promise.resolve(undefined);
    const record = { owner, requests: 0 };
    connections.push(record);
    bySocket.set(socket, record);
  });
  return {
    url: `http://127.0.0.1:${port}/health`,
    setStatus: (code) => (status = code),
    async requestsByOwner() {
      const owners = new Map<number | undefined, number>();
      for (const connection of connections) {
        const owner = await connection.owner;
        owners.set(owner, (owners.get(owner) ?? 0) + connection.requests);
      }
      return owners;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Row {
  slug: string;
  started_at: Date;
  status: string;
  job_id: string;
}

async function scheduledResults(pool: pg.Pool): Promise<Map<string, Row[]>> {
  const { rows } = await pool.query<Row>(
    `SELECT i.slug, r.started_at, r.status, r.job_id FROM check_results r JOIN integrations i ON i.id = r.integration_id
      WHERE r.trigger = 'schedule' AND i.slug LIKE 'svc-%' ORDER BY r.started_at`,
  );
  const byIntegration = new Map<string, Row[]>();
  for (const row of rows) byIntegration.set(row.slug, [...(byIntegration.get(row.slug) ?? []), row]);
  return byIntegration;
}

function assertNoDuplicates(byIntegration: Map<string, Row[]>) {
  const jobIds = [...byIntegration.values()].flat().map((row) => row.job_id);
  assert.equal(new Set(jobIds).size, jobIds.length, 'a scheduled job produced more than one result');
}

/**
 * Each gap between consecutive scheduled runs lies within the adaptive delay after the earlier
 * run (interval, doubled per consecutive failure) ± 10 % jitter, plus lag on the late side only.
 * Returns the latest run seen beyond the nominal delay, for the log.
 */
function assertSpacing(byIntegration: Map<string, Row[]>): number {
  let worstLateMs = 0;
  for (const [slug, rows] of byIntegration) {
    let failures = rows[0]!.status === 'down' ? 1 : 0;
    for (let index = 1; index < rows.length; index += 1) {
      const base = Math.min(intervalSeconds * 2 ** failures, maxIntervalSeconds) * 1000;
      const gap = rows[index]!.started_at.getTime() - rows[index - 1]!.started_at.getTime();
      assert.ok(gap >= base * 0.9 - 50, `${slug} ran again after ${gap} ms (expected ≥ ${base * 0.9} ms after ${failures} failures)`);
      assert.ok(gap <= base * 1.1 + lagSlackMs, `${slug} waited ${gap} ms (expected ≤ ${base * 1.1} ms + lag after ${failures} failures)`);
      worstLateMs = Math.max(worstLateMs, gap - base);
      failures = rows[index]!.status === 'down' ? failures + 1 : 0;
    }
  }
  return worstLateMs;
}

/** Slugs a socket has seen go down, parsing only the messages that arrived since the last call. */
function downTracker(socket: TestSocket, find: (message: string) => string[]) {
  const seen = new Set<string>();
  let cursor = 0;
  return () => {
    for (; cursor < socket.messages.length; cursor += 1) for (const slug of find(socket.messages[cursor]!)) seen.add(slug);
    return seen;
  };
}

const jsonDowns = (message: string) => {
  const parsed = JSON.parse(message) as { type: string; slug?: string; to?: string };
  return parsed.type === 'status' && parsed.to === 'down' && parsed.slug ? [parsed.slug] : [];
};
const pageDowns = (message: string) => [...message.matchAll(/<tr id="tile-(svc-\d+)" class="tile s-down"/g)].map((match) => match[1]!);

describe('three instances share one schedule, one event stream and one set of limits', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let target: AttributingTarget;
  let receiver: HttpReceiver;
  let instances: ServerProcess[] = [];
  /** A (ROLE=all): deletes `self`; C (ROLE=web): creates the channel and follows the manual check. */
  let a: ServerProcess;
  let c: ServerProcess;
  let createdAt = 0;
  let creationMs = 0;
  const sockets: TestSocket[] = [];

  before(async () => {
    database = await createTestDatabase();
    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    receiver = await startWebhookReceiver({ secret: webhookSecret });
    target = await startAttributingTarget(() => instances.map((instance) => instance.child.pid!));
    const env = (role: string) => ({
      ROLE: role,
      DATABASE_URL: database.url,
      SECRET_KEY: testSecretKey,
      ADMIN_TOKEN: testAdminToken,
      CHECK_INTERVAL_SECONDS: String(intervalSeconds),
      CHECK_MAX_INTERVAL_SECONDS: String(maxIntervalSeconds),
      DATABASE_POOL_SIZE: '4',
      LOG_LEVEL: process.env.TEST_CHILD_LOG ?? 'warn',
    });
    const starts = await Promise.allSettled([startServerProcess(env('all')), startServerProcess(env('all')), startServerProcess(env('web'))]);
    // Whatever started is stopped in after(), even when another instance failed to start.
    instances = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
    for (const start of starts) if (start.status === 'rejected') throw start.reason;
    [a, , c] = instances as [ServerProcess, ServerProcess, ServerProcess];
    pool = new pg.Pool({ connectionString: database.url, max: 2 });

    // Alerts page for every other integration: 150 alerts decided and sent by two instances at once.
    const channel = await apiClient(c.url).post('/api/v1/alert-channels', {
      name: 'Incident bot',
      kind: 'webhook',
      tags: ['paging'],
      config: { url: `${receiver.url}/hooks`, secret: webhookSecret },
    });
    assert.equal(channel.status, 201, JSON.stringify(channel.body));
    // Created through all three instances, several at a time.
    const creating = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 9 }, async (_, lane) => {
        const api = apiClient(instances[lane % instances.length]!.url);
        while (next < integrations) {
          const index = next++;
          const body = { slug: slugs[index], name: `Service ${index}`, kind: 'http', config: { url: target.url }, tags: paging.has(slugs[index]!) ? ['paging'] : [] };
          const created = await api.post('/api/v1/integrations', body);
          assert.equal(created.status, 201, JSON.stringify(created.body));
        }
      }),
    );
    creationMs = Date.now() - creating;
    createdAt = Date.now();
    // First run creates `self` on whichever web instance counted no integrations; it checks A, not the target.
    const removed = await apiClient(a.url).delete('/api/v1/integrations/self');
    assert.ok([204, 404].includes(removed.status), `deleting self answered ${removed.status}`);
  });

  after(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await Promise.all(instances.map((instance) => instance.stop('SIGKILL')));
    await pool?.end();
    await target?.close();
    await receiver?.close();
    await database?.drop();
  });

  test('every due check of 300 integrations runs exactly once, on time, for 20 s', async (t) => {
    await sleep(Math.max(0, createdAt + 20_000 - Date.now()));
    const byIntegration = await scheduledResults(pool);
    assert.deepEqual([...byIntegration.keys()].sort(), [...slugs].sort(), 'every integration ran');
    for (const [slug, rows] of byIntegration) {
      assert.ok(rows.length >= 3, `${slug} ran only ${rows.length} times in 20 s`);
      assert.deepEqual([...new Set(rows.map((row) => row.status))], ['up'], `${slug} was not up throughout`);
    }
    assertNoDuplicates(byIntegration);
    const worstLateMs = assertSpacing(byIntegration);
    t.diagnostic(`created in ${creationMs} ms; ${[...byIntegration.values()].flat().length} scheduled results; latest run ${worstLateMs} ms past its nominal delay`);
  });

  test('both worker instances ran checks and the web-only instance ran none', { skip: procReadable ? false : 'needs /proc/net/tcp to tell processes apart' }, async (t) => {
    const owners = await target.requestsByOwner();
    const [fromA, fromB, fromC] = instances.map((instance) => owners.get(instance.child.pid) ?? 0) as [number, number, number];
    const attributed = fromA + fromB + fromC;
    const total = [...owners.values()].reduce((sum, n) => sum + n, 0);
    t.diagnostic(`requests at the target: A ${fromA}, B ${fromB}, C ${fromC}, unattributed ${total - attributed}`);
    assert.ok(attributed >= total * 0.5, `only ${attributed} of ${total} requests could be attributed to a process`);
    assert.equal(fromC, 0, 'the ROLE=web instance ran checks');
    assert.ok(fromA >= attributed * 0.1, `A ran only ${fromA} of ${attributed} checks`);
    assert.ok(fromB >= attributed * 0.1, `B ran only ${fromB} of ${attributed} checks`);
  });

  test('when the target goes down, JSON and page clients on every web instance see all 300 go down', async () => {
    for (const instance of instances) {
      const events = await openSocket(instance.url, '/api/v1/events');
      const page = await openSocket(instance.url, `/ws?view=dashboard&rendered=${Date.now()}`);
      sockets.push(events, page);
      const snapshot = JSON.parse(await events.next((m) => m.startsWith('{"type":"snapshot"'), `the snapshot from ${instance.url}`)) as { integrations: { slug: string; status: string }[] };
      assert.deepEqual(snapshot.integrations.filter((item) => item.slug.startsWith('svc-')).map((item) => item.status), slugs.map(() => 'up'));
    }
    const trackers = sockets.map((socket, index) => ({ name: `${index % 2 ? 'page' : 'JSON'} client on ${'ABC'[Math.floor(index / 2)]}`, seen: downTracker(socket, index % 2 ? pageDowns : jsonDowns) }));
    target.setStatus(503);
    // The first failure comes within one interval + jitter + lag of the switch.
    await waitFor(() => trackers.every((tracker) => tracker.seen().size === integrations), 25_000, 'every client to see every integration go down').catch(() => undefined);
    for (const tracker of trackers) {
      const missing = slugs.filter((slug) => !tracker.seen().has(slug));
      assert.deepEqual(missing.slice(0, 10), [], `the ${tracker.name} missed ${missing.length} integrations going down`);
    }
  });

  test('each down alert reaches the webhook exactly once despite three instances', async () => {
    const downs = () => receiver.requests.filter((request) => JSON.parse(request.body).type === 'integration.down');
    // ALERT_DOWN_AFTER defaults to 2: the second failure comes one doubled interval after the first.
    await waitFor(() => new Set(downs().map((request) => JSON.parse(request.body).data.slug)).size >= paging.size, 30_000, 'a down alert for every paging integration').catch(() => undefined);
    await sleep(3_000); // a duplicate from another instance would arrive meanwhile
    const perSlug = new Map<string, number>();
    for (const request of downs()) {
      const slug: string = JSON.parse(request.body).data.slug;
      perSlug.set(slug, (perSlug.get(slug) ?? 0) + 1);
    }
    const wrong = slugs.filter((slug) => (perSlug.get(slug) ?? 0) !== (paging.has(slug) ? 1 : 0));
    assert.deepEqual(wrong.map((slug) => `${slug}×${perSlug.get(slug) ?? 0}`).slice(0, 10), [], 'integrations with a wrong number of down alerts');
    assert.equal(receiver.requests.length, paging.size, 'no other webhook arrived');
    assert.ok(receiver.requests.every((request) => request.verified), 'every webhook is correctly signed');
    const ids = receiver.requests.map((request) => request.headers['webhook-id']);
    assert.equal(new Set(ids).size, ids.length, 'a webhook-id arrived twice');
    const { rows } = await pool.query<{ event_type: string; state: string; n: number }>('SELECT event_type, state, count(*)::int AS n FROM alert_deliveries GROUP BY 1, 2');
    assert.deepEqual(rows, [{ event_type: 'down', state: 'sent', n: paging.size }]);
  });

  test('through the outage no scheduled job ran twice and the backoff held', async () => {
    // Every integration has failed twice by now, give or take the lag: wait for the stragglers.
    const twiceDown = `SELECT count(*)::int AS n FROM (SELECT r.integration_id FROM check_results r JOIN integrations i ON i.id = r.integration_id
                        WHERE i.slug LIKE 'svc-%' AND r.status = 'down' AND r.trigger = 'schedule' GROUP BY 1 HAVING count(*) >= 2) AS failed`;
    await waitFor(async () => (await pool.query(twiceDown)).rows[0].n === integrations, 10_000, 'two failures of every integration').catch(() => undefined);
    const byIntegration = await scheduledResults(pool);
    assertNoDuplicates(byIntegration);
    assertSpacing(byIntegration);
    for (const [slug, rows] of byIntegration) {
      assert.ok(rows.filter((row) => row.status === 'down').length >= 2, `${slug} failed fewer than twice after the switch`);
    }
  });

  test('check now at every instance at once: one 202, the rest 429 with Retry-After', async () => {
    const answers: ApiResponse[] = await Promise.all([...instances, ...instances].map((instance) => apiClient(instance.url).post('/api/v1/integrations/svc-0/checks')));
    const accepted = answers.filter((answer) => answer.status === 202);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.equal(accepted.length, 1, `statuses: ${answers.map((answer) => answer.status).join(', ')}`);
    assert.equal(refused.length, answers.length - 1);
    for (const answer of refused) {
      const retryAfter = Number(answer.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${answer.headers.get('retry-after')} exceeds the 60 s cooldown`);
    }
    // Followed through the web-only instance: a worker elsewhere ran it and stored one result.
    const href: string = accepted[0]!.body.check.href;
    const done = await waitFor(async () => {
      const { body } = await apiClient(c.url).get(href);
      return body.check.state === 'completed' ? body.check : undefined;
    }, 15_000, 'the manual check to complete');
    assert.equal(done.result.status, 'down');
    const manual = await pool.query("SELECT count(*)::int AS n FROM check_results r JOIN integrations i ON i.id = r.integration_id WHERE i.slug = 'svc-0' AND r.trigger = 'manual'");
    assert.equal(manual.rows[0].n, 1);
  });
});
