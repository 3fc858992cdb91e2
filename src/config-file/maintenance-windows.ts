/**
 * Maintenance windows declared in the file, written through Prisma for the same reason as
 * channels (the service refuses managed rows). A window may name an integration by slug —
 * one from the file or one made in the UI; the slug is resolved after integrations are applied.
 * Statuses are brought in line right after a change, as the API does.
 */
import type { AppContext } from '../context.ts';
import { syncMaintenanceStatuses } from '../jobs/maintenance-status.ts';
import type { MaintenanceWindow } from '../store/types.ts';
import type { DesiredWindow } from './desired-state.ts';
import type { FileIssue } from './errors.ts';
import { planByName, type NamedChange, type NamedPlan } from './named-plan.ts';
import { sameJson } from './values.ts';

export async function loadWindowRows(app: Pick<AppContext, 'db'>, desired: readonly DesiredWindow[]): Promise<MaintenanceWindow[]> {
  return app.db.prisma.maintenanceWindow.findMany({
    where: { OR: [{ managedBy: { startsWith: 'file' } }, { name: { in: desired.map((item) => item.name) } }] },
  });
}

/**
 * Integration ids by slug for the windows that name one. A slug that will not exist after this
 * apply is an issue on its line — never silently a window for every integration.
 */
export async function resolveWindowIntegrations(
  app: Pick<AppContext, 'db'>,
  desired: readonly DesiredWindow[],
  willExist: (slug: string, inDatabase: boolean) => boolean = (_slug, inDatabase) => inDatabase,
): Promise<{ ids: Map<string, number>; issues: FileIssue[] }> {
  const slugs = [...new Set(desired.flatMap((item) => (item.integrationSlug ? [item.integrationSlug] : [])))];
  const found = slugs.length ? await app.db.prisma.integration.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } }) : [];
  const ids = new Map(found.map((row) => [row.slug, row.id]));
  const issues: FileIssue[] = [];
  for (const item of desired) {
    if (item.integrationSlug && !willExist(item.integrationSlug, ids.has(item.integrationSlug))) {
      issues.push({ path: ['maintenanceWindows', item.index, 'integration'], message: `no integration with slug "${item.integrationSlug}" (in this file or the database)` });
    }
  }
  return { ids, issues };
}

export function planWindows(desired: readonly DesiredWindow[], rows: readonly MaintenanceWindow[], integrationIds: ReadonlyMap<string, number>, options: { owner: string; adoptExisting: boolean }): NamedPlan<DesiredWindow, MaintenanceWindow> {
  return planByName(desired, rows, {
    section: 'maintenanceWindows',
    noun: 'maintenance window',
    ...options,
    differs: (item, row) => !sameJson(windowColumns(item, integrationIds), windowColumns(row, integrationIds)),
  });
}

export async function executeWindowChange(app: AppContext, change: NamedChange<DesiredWindow, MaintenanceWindow>, integrationIds: ReadonlyMap<string, number>, owner: string): Promise<void> {
  if (change.action === 'delete') {
    await app.db.prisma.maintenanceWindow.delete({ where: { id: change.current.id } });
    return;
  }
  const data = { ...windowColumns(change.desired, integrationIds), managedBy: owner };
  if (change.action === 'create') await app.db.prisma.maintenanceWindow.create({ data });
  else await app.db.prisma.maintenanceWindow.update({ where: { id: change.current.id }, data });
}

/** Statuses follow at once; a failure is repaired by the next minute's maintenance run. */
export async function resyncMaintenance(app: AppContext): Promise<void> {
  await syncMaintenanceStatuses(app).catch((error: Error) => app.log.warn({ err: error.message }, 'could not apply maintenance window changes to statuses yet'));
}

/** The columns compared and written, from either side. */
function windowColumns(source: DesiredWindow | MaintenanceWindow, integrationIds: ReadonlyMap<string, number>) {
  const integrationId = 'integrationSlug' in source ? (source.integrationSlug ? (integrationIds.get(source.integrationSlug) ?? null) : null) : source.integrationId;
  return {
    name: source.name,
    integrationId,
    tags: source.tags,
    startsAt: source.startsAt,
    endsAt: source.endsAt,
    daysOfWeek: source.daysOfWeek,
    startTime: source.startTime,
    durationMinutes: source.durationMinutes,
    timezone: source.timezone,
  };
}
