/** `/admin/maintenance`: create, edit and delete maintenance windows through the same service as the API. */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { windowView } from '../../http/serialize-alerts.ts';
import { createWindow, deleteWindow, findWindowOrThrow, updateWindow, windowInput } from '../../services/maintenance-windows.ts';
import { MaintenanceForm, MaintenanceFormPage, MaintenanceListPage, type MaintenanceFormProps } from '../../../views/pages/admin/maintenance.tsx';
import { finish, formOf, isHtmx, noStore, viewerOf } from './common.ts';
import { fieldErrorsFromIssues, type FieldErrors, type FormValues } from './integration-form.ts';

/** Form fields → the API's window shape (datetime-local values are read as UTC). */
function windowBody(form: FormValues): Record<string, unknown> {
  const common = {
    name: form.name ?? '',
    integration: form.integration ? form.integration : null,
    tags: (form.tags ?? '').split(/[\s,]+/).filter(Boolean),
  };
  if (form.kind === 'weekly') {
    const minutes = (form.durationMinutes ?? '').trim();
    return {
      ...common,
      kind: 'weekly',
      daysOfWeek: [0, 1, 2, 3, 4, 5, 6].filter((day) => form[`day${day}`] !== undefined),
      startTime: form.startTime ?? '',
      durationMinutes: /^\d+$/.test(minutes) ? Number(minutes) : minutes,
      timeZone: (form.timeZone ?? '').trim() || 'UTC',
    };
  }
  const utc = (value: string | undefined) => (value && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value) ? `${value}Z` : (value ?? ''));
  return { ...common, kind: 'once', startsAt: utc(form.startsAt), endsAt: utc(form.endsAt) };
}

/** A stored window → form fields. */
function windowValues(input: Record<string, unknown>): FormValues {
  const values: FormValues = { name: String(input.name ?? ''), integration: String(input.integration ?? ''), tags: ((input.tags as string[]) ?? []).join(', '), kind: String(input.kind) };
  if (input.kind === 'once') {
    values.startsAt = String(input.startsAt).slice(0, 16);
    values.endsAt = String(input.endsAt).slice(0, 16);
  } else {
    for (const day of (input.daysOfWeek as number[]) ?? []) values[`day${day}`] = 'on';
    values.startTime = String(input.startTime ?? '');
    values.durationMinutes = String(input.durationMinutes ?? '');
    values.timeZone = String(input.timeZone ?? 'UTC');
  }
  return values;
}

export function adminMaintenanceRoutes(app: AppContext) {
  const integrations = () => app.db.prisma.integration.findMany({ orderBy: { name: 'asc' }, select: { slug: true, name: true } });

  const props = async (c: Context, values: FormValues, errors: FieldErrors, extra: Partial<MaintenanceFormProps> = {}): Promise<MaintenanceFormProps> => ({
    integrations: await integrations(),
    values,
    errors,
    csrfToken: viewerOf(c).csrfToken,
    ...extra,
  });

  const refuse = async (c: Context, error: unknown, values: FormValues, title: string, extra: Partial<MaintenanceFormProps> = {}) => {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const errors = fieldErrorsFromIssues(error.issues);
    if (Object.keys(errors).length === 0) errors._form = error.message;
    const formProps = await props(c, values, errors, extra);
    c.status(422);
    if (isHtmx(c)) return c.html(<MaintenanceForm {...formProps} />);
    return c.html(<MaintenanceFormPage {...formProps} title={title} viewer={viewerOf(c)} />);
  };

  const listPage = async (c: Context, flash?: { message: string; kind: 'ok' | 'error' }) => {
    noStore(c);
    const rows = await app.db.prisma.maintenanceWindow.findMany({ orderBy: { id: 'asc' }, include: { integration: { select: { slug: true } } } });
    const now = app.clock();
    const windows = rows.map((row) => windowView(row, row.integration?.slug ?? null, now));
    return c.html(<MaintenanceListPage windows={windows} viewer={viewerOf(c)} {...(flash ? { flash } : {})} />);
  };

  return new Hono()
    .get('/', (c) => {
      const messages: Record<string, string> = { created: 'Window created.', saved: 'Changes saved.', deleted: 'Deleted.' };
      const message = messages[c.req.query('done') ?? ''];
      return listPage(c, message ? { message, kind: 'ok' } : undefined);
    })
    .get('/new', async (c) => {
      noStore(c);
      return c.html(<MaintenanceFormPage {...await props(c, { kind: 'once', timeZone: 'UTC' }, {})} title="Add a maintenance window" viewer={viewerOf(c)} />);
    })
    .post('/', async (c) => {
      const form = await formOf(c);
      try {
        await createWindow(app, windowBody(form));
      } catch (error) {
        return refuse(c, error, form, 'Add a maintenance window');
      }
      return finish(c, '/admin/maintenance?done=created');
    })
    .get('/:id/edit', async (c) => {
      const row = await findWindowOrThrow(app, c.req.param('id'));
      const slug = row.integrationId === null ? null : ((await app.db.prisma.integration.findUnique({ where: { id: row.integrationId }, select: { slug: true } }))?.slug ?? null);
      noStore(c);
      const title = row.managedBy ? `${row.name} (read-only)` : `Edit ${row.name}`;
      return c.html(<MaintenanceFormPage {...await props(c, windowValues(windowInput(row, slug)), {}, { id: row.id, managedBy: row.managedBy })} title={title} viewer={viewerOf(c)} />);
    })
    .post('/:id/edit', async (c) => {
      const row = await findWindowOrThrow(app, c.req.param('id'));
      const form = await formOf(c);
      try {
        await updateWindow(app, String(row.id), windowBody(form));
      } catch (error) {
        return refuse(c, error, form, `Edit ${row.name}`, { id: row.id, managedBy: row.managedBy });
      }
      return finish(c, '/admin/maintenance?done=saved');
    })
    .post('/:id/delete', async (c) => {
      try {
        await deleteWindow(app, c.req.param('id'));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        c.status(error.status as 409);
        return listPage(c, { message: error.message, kind: 'error' });
      }
      return finish(c, '/admin/maintenance?done=deleted');
    });
}
