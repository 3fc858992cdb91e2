/**
 * Maintenance windows: create, change, delete. A window is one-off (`startsAt`..`endsAt`) or
 * weekly (`daysOfWeek` + `startTime` + `durationMinutes` in an IANA `timeZone`), and applies to
 * one integration (`integration`: its slug), to integrations with any of `tags`, or — with
 * neither — to every integration. After each change, statuses are brought in line at once
 * rather than at the next minute's maintenance run.
 */
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { maintenanceWindowSchema } from '../alerts/maintenance.ts';
import { tagSchema } from '../domain/integration-input.ts';
import { AppError, issuesFromZod, type Issue } from '../http/errors.ts';
import { syncMaintenanceStatuses } from '../jobs/maintenance-status.ts';
import type { MaintenanceWindow as WindowRow } from '../store/types.ts';

const scopeSchema = z.object({
  integration: z.string().min(1).nullable().optional().describe('Slug of the one integration this window covers.'),
  tags: z.array(tagSchema).max(20).default([]).describe('Integrations with any of these tags; empty with no integration = all.'),
});

/** Window fields in the API's shape (what `maintenanceWindowSchema` validates, plus scope). */
export function windowInput(row: WindowRow, integrationSlug: string | null): Record<string, unknown> {
  const base = { name: row.name, integration: integrationSlug, tags: row.tags };
  return row.startsAt && row.endsAt
    ? { ...base, kind: 'once', startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() }
    : { ...base, kind: 'weekly', daysOfWeek: row.daysOfWeek, startTime: row.startTime, durationMinutes: row.durationMinutes, timeZone: row.timezone };
}

export async function createWindow(app: AppContext, body: unknown): Promise<WindowRow> {
  const data = await validate(app, body);
  const row = await app.db.prisma.maintenanceWindow.create({ data });
  await resync(app);
  return row;
}

/** A change is validated as a whole window: the stored fields with the patch on top. */
export async function updateWindow(app: AppContext, idParam: string, body: unknown): Promise<WindowRow> {
  const existing = await findWindowOrThrow(app, idParam);
  assertMayChange(existing);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid_input', 'Send a JSON object', { issues: [{ path: [], message: 'expected an object' }] });
  const current = windowInput(existing, await slugOf(app, existing.integrationId));
  // Switching kind drops the other kind's fields instead of failing on leftovers.
  const patch = body as Record<string, unknown>;
  const merged = patch.kind !== undefined && patch.kind !== current.kind ? { name: current.name, integration: current.integration, tags: current.tags, ...patch } : { ...current, ...patch };
  const data = await validate(app, merged);
  const row = await app.db.prisma.maintenanceWindow.update({ where: { id: existing.id }, data });
  await resync(app);
  return row;
}

export async function deleteWindow(app: AppContext, idParam: string): Promise<void> {
  const existing = await findWindowOrThrow(app, idParam);
  assertMayChange(existing);
  await app.db.prisma.maintenanceWindow.delete({ where: { id: existing.id } });
  await resync(app);
}

export async function findWindowOrThrow(app: Pick<AppContext, 'db'>, idParam: string): Promise<WindowRow> {
  const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : NaN;
  const row = Number.isSafeInteger(id) ? await app.db.prisma.maintenanceWindow.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError('not_found', `No maintenance window with id "${idParam.slice(0, 40)}"`);
  return row;
}

async function slugOf(app: Pick<AppContext, 'db'>, integrationId: number | null): Promise<string | null> {
  if (integrationId === null) return null;
  const integration = await app.db.prisma.integration.findUnique({ where: { id: integrationId }, select: { slug: true } });
  return integration?.slug ?? null;
}

/** Both schemas run so every bad field is reported at once, each under its own name. */
async function validate(app: AppContext, body: unknown) {
  const window = maintenanceWindowSchema.safeParse(body);
  const scope = scopeSchema.safeParse(body);
  const issues: Issue[] = [...(window.success ? [] : issuesFromZod(window.error)), ...(scope.success ? [] : issuesFromZod(scope.error))];
  let integrationId: number | null = null;
  if (scope.success && scope.data.integration) {
    const integration = await app.db.prisma.integration.findUnique({ where: { slug: scope.data.integration }, select: { id: true } });
    if (integration) integrationId = integration.id;
    else issues.push({ path: ['integration'], message: `no integration with slug "${scope.data.integration.slice(0, 80)}"` });
  }
  if (!window.success || !scope.success || issues.length > 0) {
    const summary = issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw new AppError('invalid_input', `Invalid input — ${summary}`, { issues });
  }
  const w = window.data;
  const common = { name: w.name?.trim() || 'Maintenance', integrationId, tags: integrationId === null ? [...new Set(scope.data.tags)] : [] };
  return w.kind === 'once'
    ? { ...common, startsAt: w.startsAt, endsAt: w.endsAt, daysOfWeek: [], startTime: null, durationMinutes: null, timezone: 'UTC' }
    : { ...common, startsAt: null, endsAt: null, daysOfWeek: [...new Set(w.daysOfWeek)].sort((a, b) => a - b), startTime: w.startTime, durationMinutes: w.durationMinutes, timezone: w.timeZone };
}

async function resync(app: AppContext): Promise<void> {
  // The window is saved either way; a failed resync is repaired by the next minute's run.
  await syncMaintenanceStatuses(app).catch((error: Error) => app.log.warn({ err: error.message }, 'could not apply maintenance window change to statuses yet'));
}

function assertMayChange(row: WindowRow): void {
  if (row.managedBy) throw new AppError('read_only', `Maintenance window "${row.name}" is managed by ${row.managedBy}; change it there`);
}
