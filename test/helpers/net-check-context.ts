/**
 * A CheckContext for the network check tests: a real timeout signal, a controllable clock and a
 * saveSecrets that records what was saved.
 */
import type { CheckContext, Observation } from '../../src/checks/types.ts';

export interface TestContextOptions {
  timeoutMs?: number;
  now?: Date;
  /** Use this signal instead of a fresh timeout (e.g. an already aborted one). */
  signal?: AbortSignal;
}

export function netCheckContext(options: TestContextOptions = {}): CheckContext & { saved: Record<string, string>[] } {
  const timeoutMs = options.timeoutMs ?? 5000;
  const saved: Record<string, string>[] = [];
  return {
    signal: options.signal ?? AbortSignal.timeout(timeoutMs),
    timeoutMs,
    now: () => options.now ?? new Date(),
    saveSecrets: async (patch) => {
      saved.push(patch);
    },
    lastPushAt: null,
    intervalSeconds: 300,
    saved,
  };
}

/** Active kinds always observe something; this turns `Observation | null` into `Observation`. */
export async function observed(result: Promise<Observation | null>): Promise<Observation> {
  const observation = await result;
  if (observation === null) throw new Error('expected an observation, got null');
  return observation;
}
