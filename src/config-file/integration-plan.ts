/**
 * What applying the file would change in `integrations`, computed without changing anything:
 * create what is new, update what differs, replace what changed kind, delete what the file no
 * longer lists — only rows the file manages. A slug taken by a row made in the UI is a conflict
 * (the file never takes over UI work unless `adoptExisting: true` says so).
 */
import type { SecretBox } from '../security/secret-box.ts';
import { hashPushToken } from '../services/integrations.ts';
import { joinSecrets } from '../services/integration-secrets.ts';
import type { Integration } from '../store/types.ts';
import type { DesiredIntegration } from './desired-state.ts';
import type { FileIssue } from './errors.ts';
import { isLearnedSecret, isManagedByFile, sameJson } from './values.ts';

export type IntegrationChange =
  | { action: 'create'; desired: DesiredIntegration }
  | {
      action: 'update';
      desired: DesiredIntegration;
      current: Integration;
      /** Body for updateIntegration; empty when only ownership or the push token changes. */
      patch: Record<string, unknown>;
      pushTokenChanged: boolean;
      /** The row's `managedBy` must be (re)set first: adopted from the UI, or the file was renamed. */
      setOwner: boolean;
    }
  /** The kind changed: a different check altogether, so the old row goes and a new one comes. */
  | { action: 'replace'; desired: DesiredIntegration; current: Integration }
  | { action: 'delete'; current: Integration };

export interface IntegrationPlan {
  changes: IntegrationChange[];
  unchanged: number;
  conflicts: FileIssue[];
}

export interface PlanOptions {
  owner: string;
  adoptExisting: boolean;
}

/** `rows`: every row the file manages plus any row whose slug the file uses. */
export function planIntegrations(desired: readonly DesiredIntegration[], rows: readonly Integration[], box: SecretBox, options: PlanOptions): IntegrationPlan {
  const bySlug = new Map(rows.map((row) => [row.slug, row]));
  const wanted = new Set(desired.map((item) => item.slug));
  const plan: IntegrationPlan = { changes: [], unchanged: 0, conflicts: [] };

  for (const item of desired) {
    const current = bySlug.get(item.slug);
    if (!current) {
      plan.changes.push({ action: 'create', desired: item });
      continue;
    }
    const ours = isManagedByFile(current.managedBy);
    if (!ours && !(options.adoptExisting && current.managedBy === null)) {
      const maker = current.managedBy === null ? 'in the UI or API' : `by ${current.managedBy}`;
      plan.conflicts.push({
        path: ['integrations', item.index, 'slug'],
        message: `an integration with slug "${item.slug}" already exists and was made ${maker}; rename it here, delete it there, or set adoptExisting: true to take it over`,
      });
      continue;
    }
    if (current.kind !== item.kind) {
      plan.changes.push({ action: 'replace', desired: item, current });
      continue;
    }
    const patch = { ...settingsPatch(item, current), ...configPatch(item, current, box) };
    const pushTokenChanged = item.pushToken !== undefined && hashPushToken(item.pushToken) !== current.pushTokenHash;
    const setOwner = current.managedBy !== options.owner;
    if (Object.keys(patch).length === 0 && !pushTokenChanged && !setOwner) plan.unchanged += 1;
    else plan.changes.push({ action: 'update', desired: item, current, patch, pushTokenChanged, setOwner });
  }

  for (const row of rows) {
    if (isManagedByFile(row.managedBy) && !wanted.has(row.slug)) plan.changes.push({ action: 'delete', current: row });
  }
  return plan;
}

function settingsPatch(item: DesiredIntegration, row: Integration): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (item.name !== row.name) patch.name = item.name;
  if (!sameJson(item.tags, row.tags)) patch.tags = item.tags;
  if (item.public !== row.isPublic) patch.public = item.public;
  if (item.paused !== row.paused) patch.paused = item.paused;
  if (item.intervalSeconds !== row.intervalSeconds) patch.intervalSeconds = item.intervalSeconds;
  if (item.maxIntervalSeconds !== row.maxIntervalSeconds) patch.maxIntervalSeconds = item.maxIntervalSeconds;
  if (item.timeoutMs !== row.timeoutMs) patch.timeoutMs = item.timeoutMs;
  if (!sameJson(item.alertPolicy, row.alertPolicy ?? null)) patch.alertPolicy = item.alertPolicy;
  return patch;
}

/**
 * `{ config: … }` when the stored config (secrets decrypted) differs from the file's. The patch
 * replaces the whole config: fields the file no longer has are cleared (null), learned secrets
 * too (the check learns them again).
 */
function configPatch(item: DesiredIntegration, row: Integration, box: SecretBox): { config?: Record<string, unknown> } {
  const stored = joinSecrets(box, row);
  const comparable = Object.fromEntries(
    Object.entries(stored).filter(([field]) => Object.hasOwn(item.rawConfig, field) || !isLearnedSecret(item.kind, field)),
  );
  if (sameJson(item.config, comparable)) return {};
  const config: Record<string, unknown> = { ...item.rawConfig };
  for (const field of Object.keys(stored)) if (!Object.hasOwn(config, field)) config[field] = null;
  return { config };
}
