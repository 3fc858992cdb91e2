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

export function loadRunnableConfig(app: Pick<AppContext, 'secrets'>, integration: { config: unknown; secrets: string | null }): Record<string, unknown> {
  return joinSecrets(app.secrets, integration);
}

/** Masks every secret field that is set: pages and API show "set", never the value. */
export function describeSecrets(kind: Pick<CheckKind, 'secretFields'>, box: SecretBox, sealed: string | null): Record<string, 'set'> {
  const present = box.decryptJson(sealed);
  return Object.fromEntries(kind.secretFields.filter((field) => present[field] !== undefined).map((field) => [field, 'set' as const]));
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
