/**
 * A small keep-alive HTTP load generator for benchmarks: `concurrency` requests in flight over
 * as many kept-alive sockets, cycling through `paths`, until `durationMs` or `maxRequests`.
 * It runs in a worker thread so it never competes with the measured server for an event loop.
 */
import { Worker } from 'node:worker_threads';

export interface LoadOptions {
  baseUrl: string;
  paths: string[];
  concurrency: number;
  durationMs: number;
  /** Hard bound on requests, whatever the duration. Default 1,000,000. */
  maxRequests?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Count per HTTP status code. */
  statuses: Record<string, number>;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const worker = new Worker(new URL('./http-load-worker.ts', import.meta.url), {
    workerData: { maxRequests: 1_000_000, headers: {}, ...options },
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { latencies: number[]; statuses: Record<string, number>; errors: number; elapsedMs: number }) => {
      void worker.terminate();
      const sorted = Float64Array.from(message.latencies).sort();
      resolve({
        requests: sorted.length,
        errors: message.errors,
        statuses: message.statuses,
        requestsPerSecond: (sorted.length / message.elapsedMs) * 1000,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      });
    });
  });
}
