/**
 * Makes the database match a loaded INTEGRATIONS_FILE — integrations, alert channels and
 * maintenance windows — under an advisory lock so several instances applying the same file take
 * turns: the first changes things, the others find nothing left to do. Every conflict is found
 * before anything is changed; a failure half-way leaves the rest to the next apply, which
 * converges. Integrations go through the same service as the API (validation, encryption and
 * scheduling are identical).
 */
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { advisoryLockKeys, withAdvisoryLock } from '../store/advisory-lock.ts';
import { executeChannelChange, loadChannelRows, planChannels } from './channels.ts';
import { ConfigFileError, type FieldPath, type FileIssue } from './errors.ts';
import { executeIntegrationChange } from './integration-changes.ts';
import { planIntegrations } from './integration-plan.ts';
import { executeWindowChange, loadWindowRows, planWindows, resolveWindowIntegrations, resyncMaintenance } from './maintenance-windows.ts';
import type { LoadedConfigFile } from './parse.ts';
import { fileOwner, isManagedByFile } from './values.ts';

export interface ApplySummary {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export function describeSummary(summary: ApplySummary): string {
  return `${summary.created} created, ${summary.updated} updated, ${summary.deleted} deleted`;
}

type Change = { action: string; desired?: { index: number } };

export async function applyConfigFile(app: AppContext, loaded: LoadedConfigFile): Promise<ApplySummary> {
  const state = loaded.state;
  const options = { owner: fileOwner(loaded.file), adoptExisting: state.adoptExisting };
  return withAdvisoryLock(app.db.pool, advisoryLockKeys.configFileApply, async () => {
    const slugs = state.integrations.map((item) => item.slug);
    const candidates = await app.db.prisma.integration.findMany({ where: { OR: [{ managedBy: { startsWith: 'file' } }, { slug: { in: slugs } }] } });
    const integrationRows = candidates.filter((row) => isManagedByFile(row.managedBy) || slugs.includes(row.slug));
    const integrations = planIntegrations(state.integrations, integrationRows, app.secrets, options);
    const channels = planChannels(state.channels, await loadChannelRows(app, state.channels), app.secrets, options);

    // Windows are planned again after integrations change; here only their conflicts count.
    const declared = new Set(slugs);
    const deleted = new Set(integrations.changes.flatMap((change) => (change.action === 'delete' ? [change.current.slug] : [])));
    const references = await resolveWindowIntegrations(app, state.maintenanceWindows, (slug, inDatabase) => declared.has(slug) || (inDatabase && !deleted.has(slug)));
    const windowConflicts = planWindows(state.maintenanceWindows, await loadWindowRows(app, state.maintenanceWindows), references.ids, options).conflicts;

    const conflicts = [...integrations.conflicts, ...channels.conflicts, ...windowConflicts, ...references.issues];
    if (conflicts.length > 0) throw withLines(loaded, conflicts);

    const summary: ApplySummary = { created: 0, updated: 0, deleted: 0, unchanged: integrations.unchanged + channels.unchanged };
    const run = async <C extends Change>(section: string, changes: C[], execute: (change: C) => Promise<void>) => {
      for (const change of changes) {
        try {
          await execute(change);
        } catch (error) {
          throw asFileError(loaded, change.desired ? [section, change.desired.index] : [], error);
        }
        if (change.action === 'create') summary.created += 1;
        else if (change.action === 'delete') summary.deleted += 1;
        else summary.updated += 1;
      }
    };
    // Deletions first: a replaced integration frees its slug for the new one.
    const ordered = [...integrations.changes].sort((a, b) => rank(a.action) - rank(b.action));
    await run('integrations', ordered, (change) => executeIntegrationChange(app, change, options.owner));
    await run('channels', channels.changes, (change) => executeChannelChange(app, change, options.owner));

    // After integrations: a window may name one just created (or lost one with a replaced row).
    const resolved = await resolveWindowIntegrations(app, state.maintenanceWindows);
    if (resolved.issues.length > 0) throw withLines(loaded, resolved.issues);
    const windows = planWindows(state.maintenanceWindows, await loadWindowRows(app, state.maintenanceWindows), resolved.ids, options);
    summary.unchanged += windows.unchanged;
    await run('maintenanceWindows', windows.changes, (change) => executeWindowChange(app, change, resolved.ids, options.owner));
    if (windows.changes.length > 0) await resyncMaintenance(app);
    return summary;
  });
}

function rank(action: string): number {
  return action === 'delete' || action === 'replace' ? 0 : 1;
}

function withLines(loaded: LoadedConfigFile, issues: FileIssue[]): ConfigFileError {
  return new ConfigFileError(loaded.file, issues.map((issue) => ({ ...issue, line: issue.line ?? loaded.lineOf(issue.path) })));
}

/**
 * A service's refusal, pointed at the item (and field) of the file it came from. Anything else
 * (the database went away) is not the file's fault and passes through unchanged.
 */
function asFileError(loaded: LoadedConfigFile, at: FieldPath, error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const issues = error.issues.length > 0 ? error.issues : [{ path: [], message: error.message }];
  return withLines(loaded, issues.map((issue) => ({ path: [...at, ...issue.path], message: issue.message })));
}
