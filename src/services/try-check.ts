/**
 * "Try it": run a check once with settings that are not saved, and report what it observed.
 * Nothing is stored — not the result, not a refreshed OAuth token — and every secret value of
 * the config is scrubbed from the message and details before they are shown, as a second line
 * of defence behind each kind's own redaction.
 */
import type { AppContext } from '../context.ts';
import { runCheck } from '../checks/runner.ts';
import type { CheckKind, Observation } from '../checks/types.ts';
import { issuesFromZod } from '../http/errors.ts';

export type TryOutcome = { observation: Observation } | { problems: string[] } | { passive: string };

export interface TryOptions {
  timeoutMs?: number | null | undefined;
  intervalSeconds?: number | null | undefined;
}

export async function tryCheck(app: Pick<AppContext, 'config' | 'clock'>, kind: CheckKind, config: Record<string, unknown>, options: TryOptions = {}): Promise<TryOutcome> {
  if (kind.name === 'push') return { passive: 'Push integrations are passive: they wait for heartbeats, so there is nothing to try.' };
  const parsed = kind.configSchema.safeParse(config);
  if (!parsed.success) return { problems: issuesFromZod(parsed.error, ['config']).map((issue) => `${issue.path.slice(1).join('.') || 'config'}: ${issue.message}`) };
  const observation = await runCheck(kind, parsed.data, {
    timeoutMs: Math.min(options.timeoutMs ?? app.config.checks.timeoutMs, 30_000),
    intervalSeconds: options.intervalSeconds ?? app.config.checks.intervalSeconds,
    now: app.clock,
    // An unsaved config has nowhere to keep what it learns.
    saveSecrets: async () => undefined,
  });
  if (!observation) return { passive: 'The check had nothing to report.' };
  return { observation: scrubSecrets(observation, secretValues(kind, config)) };
}

/** Every string inside the config's secret fields (header maps included), longest first. */
export function secretValues(kind: Pick<CheckKind, 'secretFields'>, config: Record<string, unknown>): string[] {
  const found: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string' && value.length >= 4) found.push(value);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item);
  };
  for (const field of kind.secretFields) collect(config[field]);
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(observation: Observation, secrets: string[]): Observation {
  if (secrets.length === 0) return observation;
  const scrub = (text: string) => secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), walk(item)]));
    return value;
  };
  const details = observation.details ? (walk(observation.details) as Record<string, unknown>) : undefined;
  return { ...observation, message: scrub(observation.message), ...(details ? { details } : {}) };
}
