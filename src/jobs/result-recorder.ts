/**
 * Group commit for check results. Each check hands its result to `record()` and waits for its own
 * outcome; results that arrive while earlier batches are being written form the next batch, one
 * transaction for all of them (store/record-result.ts). An idle worker therefore writes each
 * result at once, alone, and a busy one writes many per round trip — the per-statement cost,
 * not the checks, was what capped throughput.
 *
 * A batch that fails is retried result by result, so one bad result fails only its own job.
 */
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { recordResults, type InTransactionHook, type RecordedResult, type ResultToRecord } from '../store/record-result.ts';

interface Waiting {
  input: ResultToRecord;
  resolve: (recorded: RecordedResult | null) => void;
  reject: (error: unknown) => void;
}

export interface ResultRecorderOptions {
  /** Batches written at the same time (each holds a pooled connection while it runs). */
  maxInFlight?: number;
  maxBatch?: number;
}

export class ResultRecorder {
  readonly #pool: pg.Pool;
  readonly #boss: PgBoss;
  readonly #hooks: InTransactionHook[];
  readonly #maxInFlight: number;
  readonly #maxBatch: number;
  #queue: Waiting[] = [];
  #inFlight = 0;

  constructor(pool: pg.Pool, boss: PgBoss, hooks: InTransactionHook[], options: ResultRecorderOptions = {}) {
    this.#pool = pool;
    this.#boss = boss;
    this.#hooks = hooks;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#maxBatch = options.maxBatch ?? 32;
  }

  record(input: ResultToRecord): Promise<RecordedResult | null> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#write(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  async #write(batch: Waiting[]): Promise<void> {
    try {
      const recorded = await recordResults(this.#pool, this.#boss, batch.map((entry) => entry.input), this.#hooks);
      batch.forEach((entry, index) => entry.resolve(recorded[index] ?? null));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const entry of batch) {
        await recordResults(this.#pool, this.#boss, [entry.input], this.#hooks).then(
          ([recorded]) => entry.resolve(recorded ?? null),
          (single) => entry.reject(single),
        );
      }
    }
  }
}
