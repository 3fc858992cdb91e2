/**
 * The load generator's worker thread (see http-load.ts). It runs on its own event loop, so the
 * server under test — in the main thread — does not share a loop with the client measuring it.
 * Only erasable TypeScript and node: imports: Node runs it directly, with or without tsx.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  baseUrl: string;
  paths: string[];
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  headers: Record<string, string>;
}

const job = workerData as Job;
const target = new URL(job.baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });

function once(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path, method: 'GET', agent, headers: job.headers },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function main(): Promise<void> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + job.durationMs;
  async function loop(): Promise<void> {
    while (issued < job.maxRequests && performance.now() < deadline) {
      const path = job.paths[issued % job.paths.length] ?? '/';
      issued += 1;
      const sent = performance.now();
      try {
        const status = await once(path);
        latencies.push(performance.now() - sent);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  parentPort?.postMessage({ latencies, statuses, errors, elapsedMs });
}

void main();
