/**
 * Runs one check kind with its timeout. Whatever happens inside the kind — an invalid stored
 * config, a thrown error, a hang — the caller gets an observation: failures become `down` with a
 * message a person can act on. This is the one place that turns exceptions into results.
 */
import type { CheckContext, CheckKind, Observation } from './types.ts';

export interface RunOptions {
  timeoutMs: number;
  /** Aborted on shutdown: the check stops promptly and is handed back to the queue. */
  signal?: AbortSignal;
  now?: () => Date;
  saveSecrets?: CheckContext['saveSecrets'];
  lastPushAt?: Date | null;
  intervalSeconds: number;
}

export async function runCheck(kind: CheckKind, rawConfig: unknown, options: RunOptions): Promise<Observation | null> {
  const parsed = kind.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    return { status: 'down', latencyMs: 0, message: `Invalid ${kind.name} configuration — ${problems.join('; ')}` };
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  const context: CheckContext = {
    signal,
    timeoutMs: options.timeoutMs,
    now: options.now ?? (() => new Date()),
    saveSecrets: options.saveSecrets ?? (async () => undefined),
    lastPushAt: options.lastPushAt ?? null,
    intervalSeconds: options.intervalSeconds,
  };
  try {
    // Race the kind against the signal so a kind that ignores it still cannot hang a worker.
    return await Promise.race([kind.run(parsed.data, context), rejectOnAbort(signal, options.timeoutMs)]);
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    if (options.signal?.aborted) throw new Error('check interrupted by shutdown', { cause: error });
    if (timeout.aborted) return { status: 'down', latencyMs, message: `Timed out after ${options.timeoutMs} ms` };
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', latencyMs, message: message || 'check failed without a message' };
  }
}

function rejectOnAbort(signal: AbortSignal, timeoutMs: number): Promise<never> {
  return new Promise((_, reject) => {
    const onAbort = () => reject(new Error(`Timed out after ${timeoutMs} ms`));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
