/**
 * `/admin/maintenance`: maintenance windows (one-off or weekly) for one integration, some tags or
 * everything. During a window statuses show "maintenance" and alerts stay silent.
 */
import type { FieldErrors, FormValues } from '../../../src/routes/admin/integration-form.ts';
import type { windowView } from '../../../src/http/serialize-alerts.ts';
import { ListTable, ListTableRow, type Column } from '../../components/list-table.tsx';
import { AdminPage, CsrfField, FormActions, FieldError, Flash, ManagedBadge, type AdminViewer } from './admin-page.tsx';

export type WindowView = ReturnType<typeof windowView>;

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function describeSchedule(window: WindowView): string {
  if (window.kind === 'once') return `${window.startsAt.replace('T', ' ').slice(0, 16)} → ${window.endsAt.replace('T', ' ').slice(0, 16)} UTC`;
  const days = window.daysOfWeek.map((day) => dayNames[day] ?? '?').join(', ');
  return `every ${days} at ${window.startTime ?? '?'} for ${window.durationMinutes ?? '?'} min (${window.timeZone})`;
}

function describeScope(window: WindowView): string {
  if (window.integration) return `integration ${window.integration}`;
  if (window.tags.length) return `tags ${window.tags.join(', ')}`;
  return 'every integration';
}

function windowColumns(viewer: AdminViewer): Column<WindowView>[] {
  return [
    {
      heading: 'Name',
      cell: (window) => (
        <>
          {window.name} <ManagedBadge managedBy={window.managedBy} />
          {window.activeNow ? <span class="tag">active now</span> : null}
        </>
      ),
    },
    { heading: 'Covers', cell: (window) => describeScope(window) },
    { heading: 'When', cell: (window) => describeSchedule(window) },
    {
      heading: 'Actions',
      hiddenHeading: true,
      class: 'actions',
      cell: (window) =>
        window.managedBy ? (
          <a href={`/admin/maintenance/${window.id}/edit`}>View</a>
        ) : (
          <>
            <a href={`/admin/maintenance/${window.id}/edit`} aria-label={`Edit ${window.name}`}>
              Edit
            </a>
            <form method="post" action={`/admin/maintenance/${window.id}/delete`} class="inline" hx-confirm={`Delete ${window.name}?`}>
              <CsrfField token={viewer.csrfToken} />
              <button type="submit" class="danger" aria-label={`Delete ${window.name}`}>
                Delete
              </button>
            </form>
          </>
        ),
    },
  ];
}

export function MaintenanceListPage({ windows, viewer, flash }: { windows: WindowView[]; viewer: AdminViewer; flash?: { message: string; kind: 'ok' | 'error' } }) {
  return (
    <AdminPage title="Maintenance windows" section="maintenance" viewer={viewer}>
      <Flash message={flash?.message} kind={flash?.kind} />
      <p>
        <a class="button primary" href="/admin/maintenance/new">
          Add a window
        </a>
      </p>
      {windows.length === 0 ? (
        <p>No maintenance windows.</p>
      ) : (
        <ListTable columns={windowColumns(viewer)} rows={windows} caption="Maintenance windows">
          {(window) => <ListTableRow columns={windowColumns(viewer)} row={window} id={`admin-window-${window.id}`} />}
        </ListTable>
      )}
    </AdminPage>
  );
}

export interface MaintenanceFormProps {
  id?: number;
  integrations: { slug: string; name: string }[];
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string | undefined;
  managedBy?: string | null;
}

function Input({ name, label, type = 'text', values, errors, disabled, hint }: { name: string; label: string; type?: string; values: FormValues; errors: FieldErrors; disabled: boolean; hint?: string }) {
  const id = `m-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input type={type} id={id} name={name} value={values[name] ?? ''} disabled={disabled} aria-invalid={errors[name] ? 'true' : undefined} />
      {hint ? <span class="hint">{hint}</span> : null}
      <FieldError id={`${id}-error`} message={errors[name]} />
    </div>
  );
}

export function MaintenanceForm({ id, integrations, values, errors, csrfToken, managedBy }: MaintenanceFormProps) {
  const readOnly = Boolean(managedBy);
  const action = id === undefined ? '/admin/maintenance' : `/admin/maintenance/${id}/edit`;
  return (
    <form id="maintenance-form" class="admin-form" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={csrfToken} />
      {readOnly ? (
        <p class="flash flash-managed" role="note">
          Managed by {managedBy}: it is read-only here; change it in that file.
        </p>
      ) : null}
      {errors._form ? (
        <p class="form-error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <fieldset>
        <legend>What</legend>
        <Input name="name" label="Name" values={values} errors={errors} disabled={readOnly} />
        <div class="field">
          <label for="m-integration">Integration</label>
          <select id="m-integration" name="integration" disabled={readOnly}>
            <option value="">— by tags below, or every integration —</option>
            {integrations.map((integration) => (
              <option value={integration.slug} selected={values.integration === integration.slug}>
                {integration.name}
              </option>
            ))}
          </select>
          <FieldError id="m-integration-error" message={errors.integration} />
        </div>
        <Input name="tags" label="Tags" values={values} errors={errors} disabled={readOnly} hint="Without an integration: those with any of these tags; empty = every integration." />
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <div class="field">
          <label for="m-kind">Repeats</label>
          <select id="m-kind" name="kind" disabled={readOnly}>
            <option value="once" selected={values.kind !== 'weekly'}>
              once
            </option>
            <option value="weekly" selected={values.kind === 'weekly'}>
              every week
            </option>
          </select>
          <FieldError id="m-kind-error" message={errors.kind} />
        </div>
        <Input name="startsAt" type="datetime-local" label="Once: starts (UTC)" values={values} errors={errors} disabled={readOnly} />
        <Input name="endsAt" type="datetime-local" label="Once: ends (UTC)" values={values} errors={errors} disabled={readOnly} />
        <div class="field">
          <span>Weekly: on</span>
          <div class="days">
            {dayNames.map((day, index) => (
              <label>
                <input type="checkbox" name={`day${index}`} checked={values[`day${index}`] !== undefined} disabled={readOnly} /> {day}
              </label>
            ))}
          </div>
          <FieldError id="m-daysOfWeek-error" message={errors.daysOfWeek} />
        </div>
        <Input name="startTime" type="time" label="Weekly: local start time" values={values} errors={errors} disabled={readOnly} />
        <Input name="durationMinutes" type="number" label="Weekly: minutes" values={values} errors={errors} disabled={readOnly} />
        <Input name="timeZone" label="Weekly: time zone (IANA, e.g. Europe/Berlin)" values={values} errors={errors} disabled={readOnly} />
      </fieldset>
      {readOnly ? null : <FormActions submit={id === undefined ? 'Create' : 'Save'} cancelHref="/admin/maintenance" />}
    </form>
  );
}

export function MaintenanceFormPage(props: MaintenanceFormProps & { title: string; viewer: AdminViewer }) {
  return (
    <AdminPage title={props.title} section="maintenance" viewer={props.viewer}>
      <MaintenanceForm {...props} />
    </AdminPage>
  );
}
