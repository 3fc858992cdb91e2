/**
 * Create / edit an integration. The form posts with htmx and is answered with itself (422 and
 * inline field errors) or a redirect; without JavaScript it is a plain form doing the same.
 * "Try it" runs the unsaved settings once and shows the observation below the form.
 */
import type { FieldErrors, FormValues } from '../../../src/routes/admin/integration-form.ts';
import { AdminPage, CsrfField, FormActions, ShownOncePage, FieldError, type AdminViewer } from './admin-page.tsx';
import { ConfigFields, type ConfigFieldsProps } from './config-fields.tsx';

export interface IntegrationFormProps {
  mode: 'create' | 'edit';
  /** Edit mode: the integration being changed. */
  slug?: string;
  kinds: { name: string; description: string }[];
  config: Omit<ConfigFieldsProps, 'errors' | 'disabled'>;
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string | undefined;
  /** Set when a config file manages this integration: shown, not editable. */
  managedBy?: string | null;
}

function TextSetting({ name, label, values, errors, hint, disabled, required, type = 'text' }: { name: string; label: string; values: FormValues; errors: FieldErrors; hint?: string; disabled: boolean; required?: boolean; type?: string }) {
  const id = `f-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        type={type}
        id={id}
        name={name}
        value={values[name] ?? ''}
        disabled={disabled}
        required={required}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', errors[name] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
      />
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError id={`${id}-error`} message={errors[name]} />
    </div>
  );
}

export function IntegrationForm(props: IntegrationFormProps) {
  const { mode, values, errors } = props;
  const readOnly = Boolean(props.managedBy);
  const action = mode === 'create' ? '/admin/integrations' : `/admin/integrations/${props.slug}`;
  return (
    <form id="integration-form" class="admin-form" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={props.csrfToken} />
      {readOnly ? (
        <p class="flash flash-managed" role="note">
          Managed by {props.managedBy}: it is read-only here; change it in that file.
        </p>
      ) : null}
      {errors._form ? (
        <p class="form-error" role="alert">
          {errors._form}
        </p>
      ) : null}
      <fieldset>
        <legend>General</legend>
        <TextSetting name="name" label="Name" values={values} errors={errors} disabled={readOnly} required />
        {mode === 'create' ? (
          <TextSetting name="slug" label="Slug" values={values} errors={errors} disabled={readOnly} hint="Used in URLs and badges; made from the name when empty." />
        ) : null}
        <div class="field">
          <label for="f-kind">Kind</label>
          {mode === 'create' ? (
            <select id="f-kind" name="kind" hx-get="/admin/integrations/fields" hx-target="#config-fields" hx-swap="outerHTML" hx-trigger="change">
              {props.kinds.map((kind) => (
                <option value={kind.name} selected={kind.name === props.config.kindName}>
                  {kind.name}
                </option>
              ))}
            </select>
          ) : (
            <input type="text" id="f-kind" value={props.config.kindName} disabled />
          )}
          <FieldError id="f-kind-error" message={errors.kind} />
        </div>
        <TextSetting name="tags" label="Tags" values={values} errors={errors} disabled={readOnly} hint="Separated by commas or spaces: lowercase letters, digits, dots, dashes." />
        <div class="field field-checkbox">
          <label>
            <input type="checkbox" name="public" checked={values.public !== undefined} disabled={readOnly} /> Public: readable without login (public dashboard, unsigned badges)
          </label>
        </div>
        {mode === 'create' ? (
          <div class="field field-checkbox">
            <label>
              <input type="checkbox" name="paused" checked={values.paused !== undefined} /> Start paused
            </label>
          </div>
        ) : null}
      </fieldset>
      <ConfigFields {...props.config} errors={errors} disabled={readOnly} />
      <fieldset>
        <legend>Schedule</legend>
        <TextSetting name="intervalSeconds" type="number" label="Interval (seconds)" values={values} errors={errors} disabled={readOnly} hint="Between checks while healthy; empty = the server default." />
        <TextSetting name="maxIntervalSeconds" type="number" label="Longest interval after failures (seconds)" values={values} errors={errors} disabled={readOnly} hint="Empty = the server default." />
        <TextSetting name="timeoutMs" type="number" label="Timeout (milliseconds)" values={values} errors={errors} disabled={readOnly} hint="Empty = the server default." />
      </fieldset>
      {readOnly ? null : (
        <FormActions submit={mode === 'create' ? 'Create' : 'Save'} cancelHref="/admin/integrations">
          <button type="button" hx-post="/admin/integrations/try" hx-include="closest form" hx-target="#try-result" hx-swap="innerHTML">
            Try it
          </button>
        </FormActions>
      )}
      {mode === 'edit' ? <input type="hidden" name="editing" value={props.slug} /> : null}
      <div id="try-result" class="try-result" aria-live="polite"></div>
    </form>
  );
}

export function IntegrationFormPage(props: IntegrationFormProps & { title: string; viewer: AdminViewer }) {
  return (
    <AdminPage title={props.title} section="integrations" viewer={props.viewer}>
      <IntegrationForm {...props} />
    </AdminPage>
  );
}

/** Shown once after creating a push integration: its heartbeat URL holds the only copy of its token. */
export function PushTokenCreated({ name, pushUrl, viewer }: { name: string; pushUrl: string; viewer: AdminViewer }) {
  return (
    <ShownOncePage title="Integration created" section="integrations" viewer={viewer} value={pushUrl} back={{ href: '/admin/integrations', text: 'Back to integrations' }}>
      <strong>{name}</strong> waits for heartbeats at this URL. Copy it now: it is shown only once.
    </ShownOncePage>
  );
}
