/**
 * An integration's config is stored in two parts: the kind's non-secret fields as JSON, and its
 * secret fields (listed by the kind) encrypted together. These helpers split and join them.
 */
import type { AppContext } from '../context.ts';
import type { CheckKind } from '../checks/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { withTransaction } from '../store/sql.ts';

export interface SplitConfig {
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

export function splitSecrets(kind: Pick<CheckKind, 'secretFields'>, full: Record<string, unknown>): SplitConfig {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    if (value === undefined) continue;
    (kind.secretFields.includes(key) ? secrets : config)[key] = value;
  }
  return { config, secrets };
}

/** The full config (secrets decrypted) as the check kind expects it. */
export function joinSecrets(box: SecretBox, integration: { config: unknown; secrets: string | null }): Record<string, unknown> {
  const config = (integration.config ?? {}) as Record<string, unknown>;
  return { ...config, ...box.decryptJson(integration.secrets) };
}

/**
 * The stored config as the base of a change. Secrets this server cannot decrypt any more (key
 * rotated without SECRET_KEY_PREVIOUS) are useless; leaving them out lets the change replace them
 * (a required secret then has to be given again, and validation says so).
 */
export function joinSecretsForChange(box: SecretBox, row: { config: unknown; secrets: string | null }): Record<string, unknown> {
  try {
    return joinSecrets(box, row);
  } catch {
    return { ...((row.config ?? {}) as Record<string, unknown>) };
  }
}

/**
 * Masks every secret field that is set: pages and API show "set", never the value. Secrets
 * sealed with a key this server no longer has (SECRET_KEY rotated without SECRET_KEY_PREVIOUS)
 * show as "unreadable" instead of failing the whole page or response.
 */
export function describeSecrets(kind: Pick<CheckKind, 'secretFields'>, box: SecretBox, sealed: string | null): Record<string, 'set' | 'unreadable'> {
  let present: Record<string, unknown>;
  try {
    present = box.decryptJson(sealed);
  } catch {
    return Object.fromEntries(kind.secretFields.map((field) => [field, 'unreadable' as const]));
  }
  return Object.fromEntries(kind.secretFields.filter((field) => present[field] !== undefined).map((field) => [field, 'set' as const]));
}

/**
 * The runnable config, or why there is none: a stored secret this server cannot decrypt. The
 * reason names the fix (SECRET_KEY_PREVIOUS) and holds no secret, so it can be recorded as the
 * check's message instead of the job failing without a trace.
 */
export function loadRunnableConfigOrProblem(app: Pick<AppContext, 'secrets'>, integration: { config: unknown; secrets: string | null }): { config: Record<string, unknown> } | { problem: string } {
  try {
    return { config: joinSecrets(app.secrets, integration) };
  } catch (error) {
    return { problem: `Cannot read the stored secrets: ${(error as Error).message}` };
  }
}

/** Merges values a check learned (e.g. a refreshed OAuth access token) into the encrypted secrets. */
export async function saveLearnedSecrets(app: Pick<AppContext, 'db' | 'secrets'>, integrationId: number, patch: Record<string, string>): Promise<void> {
  await withTransaction(app.db.pool, async (client) => {
    const row = await client.query<{ secrets: string | null }>('SELECT secrets FROM integrations WHERE id = $1 FOR UPDATE', [integrationId]);
    if (!row.rows[0]) return;
    const merged = { ...app.secrets.decryptJson(row.rows[0].secrets), ...patch };
    await client.query('UPDATE integrations SET secrets = $2 WHERE id = $1', [integrationId, app.secrets.encryptJson(merged)]);
  });
}
