/**
 * Scheduler and worker throughput, measured against a real server process on its own database:
 * - raw pg-boss: no-op jobs/s with the same worker options (the ceiling for checks/s);
 * - checks/s at saturation with the http kind against a local keep-alive target;
 * - 10,000 integrations at a 60 s interval: scheduler lag p50/p99 and errors;
 * - resident memory with 1,000 active integrations.
 * Every loop is bounded in count and time; all traffic is on loopback.
 */
import { randomUUID } from 'node:crypto';
import type { BenchResult } from './types.ts';
import { checkJobLagsMs, createIntegrations, percentile, prepareDatabase, rssMb, sleep, startFastTarget } from './support.ts';
import { spawn } from 'node:child_process';
import { startNodeFlags, startServerProcess } from '../helpers/process.ts';
import { testAdminToken, testSecretKey } from '../helpers/app.ts';

const workerOptions = { localConcurrency: 2, batchSize: 8, burstWhenBatchFull: true, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 };

async function rawBossJobsPerSecond(jobs: number): Promise<number> {
  const db = await prepareDatabase();
  try {
    await db.boss.createQueue('bench-raw', { notify: true });
    for (let offset = 0; offset < jobs; offset += 1000) {
      await db.boss.insert('bench-raw', Array.from({ length: Math.min(1000, jobs - offset) }, () => ({ id: randomUUID(), data: { n: 1 } })));
    }
    let done = 0;
    const started = performance.now();
    const finished = new Promise<void>((resolve) => {
      void db.boss.work('bench-raw', workerOptions, async (batch) => {
        done += batch.length;
        if (done >= jobs) resolve();
      });
    });
    await Promise.race([finished, sleep(120_000)]);
    return done / ((performance.now() - started) / 1000);
  } finally {
    await db.close();
  }
}

function serverEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return { DATABASE_URL: databaseUrl, SECRET_KEY: testSecretKey, ADMIN_TOKEN: testAdminToken, LOG_LEVEL: 'warn', CHECK_CONCURRENCY: '16', ...extra };
}

async function checksPerSecondAtSaturation(count: number): Promise<number> {
  const target = await startFastTarget();
  const db = await prepareDatabase();
  try {
    await createIntegrations(db, count, target.url, 3600, 0);
    const server = await startServerProcess(serverEnv(db.database.url));
    try {
      const deadline = Date.now() + 180_000;
      let first = 0;
      let recorded = 0;
      while (Date.now() < deadline) {
        recorded = (await db.pool.query("SELECT count(*)::int AS n FROM check_results WHERE trigger = 'schedule'")).rows[0].n;
        if (recorded > 0 && first === 0) first = performance.now();
        if (recorded >= count) break;
        await sleep(100);
      }
      const { rows } = await db.pool.query<{ seconds: number }>("SELECT EXTRACT(EPOCH FROM (max(finished_at) - min(started_at))) AS seconds FROM check_results WHERE trigger = 'schedule'");
      return recorded / Number(rows[0]!.seconds);
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
    await target.close();
  }
}

async function steadyLoad(count: number, intervalSeconds: number, runSeconds: number, warmupSeconds: number) {
  const target = await startFastTarget();
  const db = await prepareDatabase();
  try {
    await createIntegrations(db, count, target.url, intervalSeconds, intervalSeconds);
    const startedAt = new Date();
    const server = await startServerProcess(serverEnv(db.database.url));
    const rss: number[] = [];
    try {
      const end = Date.now() + runSeconds * 1000;
      while (Date.now() < end) {
        await sleep(5_000);
        rss.push(await rssMb(server.child.pid!));
      }
    } finally {
      await server.stop();
    }
    const since = new Date(startedAt.getTime() + warmupSeconds * 1000);
    const lags = await checkJobLagsMs(db.pool, since);
    const errors = (await db.pool.query("SELECT count(*)::int AS n FROM check_results WHERE status <> 'up'")).rows[0].n as number;
    const failedJobs = (await db.pool.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'checks' AND state = 'failed'")).rows[0].n as number;
    return { lags, errors: errors + failedJobs, rssMax: Math.max(...rss), checks: lags.length };
  } finally {
    await db.close();
    await target.close();
  }
}

/** Baselines for memory: a bare node process and an idle server (no integrations), same flags. */
async function baselineRssMb(): Promise<{ bareNode: number; idleServer: number }> {
  const bare = spawn(process.execPath, [...startNodeFlags, '-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await sleep(1_000);
  const bareNode = await rssMb(bare.pid!);
  bare.kill('SIGKILL');
  const db = await prepareDatabase();
  try {
    const server = await startServerProcess(serverEnv(db.database.url));
    try {
      await sleep(10_000);
      return { bareNode, idleServer: await rssMb(server.child.pid!) };
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

/** BENCH_QUICK=1 shrinks every load tenfold to try the benchmark out; figures are then not comparable. */
const scale = process.env.BENCH_QUICK ? 0.1 : 1;

export async function run(): Promise<BenchResult[]> {
  const raw = await rawBossJobsPerSecond(5_000 * scale);
  const saturation = await checksPerSecondAtSaturation(3_000 * scale);
  const tenThousand = await steadyLoad(10_000 * scale, 60, 150 * scale + 20, 60 * scale);
  const thousand = await steadyLoad(1_000 * scale, 10, 60 * scale + 10, 10 * scale);
  const memory = await baselineRssMb();
  const p = (lags: number[], q: number) => percentile(lags, q) / 1000;
  return [
    { name: 'raw pg-boss no-op jobs/s (same worker options)', value: raw, unit: 'jobs/s' },
    { name: 'http checks/s at saturation (3,000 due at once)', value: saturation, unit: 'checks/s', baseline: { name: 'raw pg-boss jobs/s', value: raw } },
    { name: '10,000 integrations @ 60 s: scheduler lag p50', value: p(tenThousand.lags, 50), unit: 's', note: `${tenThousand.checks} checks measured after 60 s warm-up` },
    { name: '10,000 integrations @ 60 s: scheduler lag p99', value: p(tenThousand.lags, 99), unit: 's', note: 'goal ≤ 2 s; workers poll for due jobs every 1 s, the floor of the lag' },
    { name: '10,000 integrations @ 60 s: errors', value: tenThousand.errors, unit: 'errors', note: 'down results + failed jobs against an always-up target' },
    {
      name: '1,000 integrations @ 10 s: peak RSS of the server process',
      value: thousand.rssMax,
      unit: 'MB',
      baseline: { name: 'the same server idle, no integrations', value: memory.idleServer },
      note: `goal ≤ 200 MB; a bare node process with the same flags: ${memory.bareNode.toFixed(0)} MB`,
    },
    { name: '1,000 integrations @ 10 s: scheduler lag p99', value: p(thousand.lags, 99), unit: 's' },
  ];
}
