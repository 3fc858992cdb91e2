/**
 * Runs one check kind with its timeout. Whatever happens inside the kind — an invalid stored
 * config, a thrown error, a hang — the caller gets an observation: failures become `down` with a
 * message a person can act on. This is the one place that turns exceptions into results, and the
 * one place that redacts secrets from what a kind reports: every message and detail, thrown
 * errors included, loses the config's secret values (and values the check learned on the way,
 * such as a refreshed OAuth token) before anyone stores, shows or sends it.
 */
import { createRedactor, type Redactor } from '../security/redact.ts';
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
  const redactor = createRedactor(configSecrets(kind, rawConfig));
  const observation = await observe(kind, rawConfig, options, redactor);
  return observation && redactObservation(observation, redactor);
}

async function observe(kind: CheckKind, rawConfig: unknown, options: RunOptions, redactor: Redactor): Promise<Observation | null> {
  const parsed = kind.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    return { status: 'down', latencyMs: 0, message: `Invalid ${kind.name} configuration — ${problems.join('; ')}` };
  }
  redactor.learn([...configSecrets(kind, parsed.data), ...(kind.derivedSecrets?.(parsed.data) ?? [])]);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  const saveSecrets = options.saveSecrets ?? (async () => undefined);
  const context: CheckContext = {
    signal,
    timeoutMs: options.timeoutMs,
    now: options.now ?? (() => new Date()),
    // Known before it is saved: a token the target echoes in this very run is redacted too.
    saveSecrets: async (patch) => {
      redactor.learn(Object.values(patch).filter((value) => typeof value === 'string'));
      await saveSecrets(patch);
    },
    lastPushAt: options.lastPushAt ?? null,
    intervalSeconds: options.intervalSeconds,
  };
  try {
    // Race the kind against the signal so a kind that ignores it still cannot hang a worker.
    return await Promise.race([kind.run(parsed.data, context), rejectOnAbort(signal, options.timeoutMs)]);
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const message = error instanceof Error ? error.message : String(error);
    // The cause travels on (job failure, logs): it carries only the redacted message.
    if (options.signal?.aborted) throw new Error('check interrupted by shutdown', { cause: new Error(redactor.text(message)) });
    if (timeout.aborted) return { status: 'down', latencyMs, message: `Timed out after ${options.timeoutMs} ms` };
    return { status: 'down', latencyMs, message: message || 'check failed without a message' };
  }
}

/** Every string inside the config's secret fields (header maps and lists included). */
export function configSecrets(kind: Pick<CheckKind, 'secretFields'>, config: unknown): string[] {
  if (!config || typeof config !== 'object') return [];
  const found: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') found.push(value);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item);
  };
  for (const field of kind.secretFields) collect((config as Record<string, unknown>)[field]);
  return found;
}

/** Message and details as they will be stored (details as JSON), without any secret. */
function redactObservation(observation: Observation, redactor: Redactor): Observation {
  const redacted: Observation = { ...observation, message: redactor.text(observation.message) };
  if (observation.details === undefined) return redacted;
  let details: unknown;
  try {
    details = JSON.parse(JSON.stringify(observation.details));
  } catch {
    // Details that cannot become JSON cannot be stored either; say so rather than fail the check.
    return { ...redacted, details: { detailsDropped: 'not serialisable as JSON' } };
  }
  return { ...redacted, details: redactor.json(details) as Record<string, unknown> };
}

function rejectOnAbort(signal: AbortSignal, timeoutMs: number): Promise<never> {
  return new Promise((_, reject) => {
    const onAbort = () => reject(new Error(`Timed out after ${timeoutMs} ms`));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
