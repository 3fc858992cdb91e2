/**
 * "Try it": run a check once with settings that are not saved, and report what it observed.
 * Nothing is stored — not the result, not a refreshed OAuth token. Secrets are redacted from
 * the message and details by the runner, as for every stored result.
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
  return { observation };
}
