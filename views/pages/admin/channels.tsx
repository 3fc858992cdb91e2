/**
 * `/admin/channels`: alert channels (email, webhook, Slack) with a form per kind generated from
 * the kind's schema, "Send test", enable/disable and delete. Secrets are write-only.
 */
import type { AlertChannel } from '../../../src/store/types.ts';
import type { FieldErrors, FormValues } from '../../../src/routes/admin/integration-form.ts';
import { ListTable, ListTableRow, type Column } from '../../components/list-table.tsx';
import { AdminPage, CsrfField, FormActions, ShownOncePage, FieldError, Flash, ManagedBadge, type AdminViewer } from './admin-page.tsx';
import { ConfigFields, type ConfigFieldsProps } from './config-fields.tsx';

export function ChannelTestResult({ ok, text }: { ok: boolean; text: string }) {
  return (
    <span class={ok ? 'test-ok' : 'test-failed'} role="status">
      {ok ? '✓ ' : '✕ '}
      {text}
    </span>
  );
}

function channelColumns(viewer: AdminViewer): Column<AlertChannel>[] {
  return [
    {
      heading: 'Name',
      cell: (channel) => (
        <>
          {channel.name} <ManagedBadge managedBy={channel.managedBy} />
          {channel.enabled ? null : <span class="tag">disabled</span>}
        </>
      ),
    },
    { heading: 'Kind', cell: (channel) => channel.kind },
    { heading: 'Tags', cell: (channel) => (channel.tags.length ? channel.tags.map((tag) => <span class="tag">{tag}</span>) : 'all integrations') },
    { heading: 'Last error', class: 'long-text', cell: (channel) => channel.lastError ?? '—' },
    {
      heading: 'Actions',
      hiddenHeading: true,
      class: 'actions',
      cell: (channel) => (
        <>
          <form method="post" action={`/admin/channels/${channel.id}/test`} class="inline" hx-post={`/admin/channels/${channel.id}/test`} hx-target={`#channel-test-${channel.id}`} hx-swap="innerHTML">
            <CsrfField token={viewer.csrfToken} />
            <button type="submit" aria-label={`Send a test to ${channel.name}`}>
              Send test
            </button>
          </form>
          {channel.managedBy ? (
            <a href={`/admin/channels/${channel.id}/edit`}>View</a>
          ) : (
            <>
              <a href={`/admin/channels/${channel.id}/edit`} aria-label={`Edit ${channel.name}`}>
                Edit
              </a>
              <form method="post" action={`/admin/channels/${channel.id}/${channel.enabled ? 'disable' : 'enable'}`} class="inline">
                <CsrfField token={viewer.csrfToken} />
                <button type="submit">{channel.enabled ? 'Disable' : 'Enable'}</button>
              </form>
              <form method="post" action={`/admin/channels/${channel.id}/delete`} class="inline" hx-confirm={`Delete ${channel.name} and its delivery history?`}>
                <CsrfField token={viewer.csrfToken} />
                <button type="submit" class="danger" aria-label={`Delete ${channel.name}`}>
                  Delete
                </button>
              </form>
            </>
          )}
          <span id={`channel-test-${channel.id}`} class="test-outcome" aria-live="polite"></span>
        </>
      ),
    },
  ];
}

export function ChannelsListPage({ channels, viewer, flash }: { channels: AlertChannel[]; viewer: AdminViewer; flash?: { message: string; kind: 'ok' | 'error' } }) {
  return (
    <AdminPage title="Alert channels" section="channels" viewer={viewer}>
      <Flash message={flash?.message} kind={flash?.kind} />
      <p>
        <a class="button primary" href="/admin/channels/new">
          Add a channel
        </a>{' '}
        Deliveries and their errors: <a href="/alerts">Alerts</a>.
      </p>
      {channels.length === 0 ? (
        <p>No alert channels yet: nobody is told when something breaks.</p>
      ) : (
        <ListTable columns={channelColumns(viewer)} rows={channels} caption="Alert channels">
          {(channel) => <ListTableRow columns={channelColumns(viewer)} row={channel} id={`admin-channel-${channel.id}`} />}
        </ListTable>
      )}
    </AdminPage>
  );
}

export interface ChannelFormProps {
  mode: 'create' | 'edit';
  id?: number;
  kinds: { name: string; description: string }[];
  config: Omit<ConfigFieldsProps, 'errors' | 'disabled'>;
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string | undefined;
  managedBy?: string | null;
}

export function ChannelForm(props: ChannelFormProps) {
  const { values, errors } = props;
  const readOnly = Boolean(props.managedBy);
  const action = props.mode === 'create' ? '/admin/channels' : `/admin/channels/${props.id}/edit`;
  return (
    <form id="channel-form" class="admin-form" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
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
        <div class="field">
          <label for="c-name">Name</label>
          <input type="text" id="c-name" name="name" value={values.name ?? ''} required disabled={readOnly} aria-invalid={errors.name ? 'true' : undefined} />
          <FieldError id="c-name-error" message={errors.name} />
        </div>
        <div class="field">
          <label for="c-kind">Kind</label>
          {props.mode === 'create' ? (
            <select id="c-kind" name="kind" hx-get="/admin/channels/fields" hx-target="#config-fields" hx-swap="outerHTML" hx-trigger="change">
              {props.kinds.map((kind) => (
                <option value={kind.name} selected={kind.name === props.config.kindName}>
                  {kind.name}
                </option>
              ))}
            </select>
          ) : (
            <input type="text" id="c-kind" value={props.config.kindName} disabled />
          )}
          <FieldError id="c-kind-error" message={errors.kind} />
        </div>
        <div class="field">
          <label for="c-tags">Tags</label>
          <input type="text" id="c-tags" name="tags" value={values.tags ?? ''} disabled={readOnly} aria-invalid={errors.tags ? 'true' : undefined} aria-describedby="c-tags-hint" />
          <span class="hint" id="c-tags-hint">
            Empty: alerts for every integration. Else only integrations with any of these tags.
          </span>
          <FieldError id="c-tags-error" message={errors.tags} />
        </div>
        <div class="field field-checkbox">
          <label>
            <input type="checkbox" name="enabled" checked={values.enabled !== undefined} disabled={readOnly} /> Enabled
          </label>
        </div>
      </fieldset>
      <ConfigFields {...props.config} errors={errors} disabled={readOnly} />
      {readOnly ? null : <FormActions submit={props.mode === 'create' ? 'Create' : 'Save'} cancelHref="/admin/channels" />}
    </form>
  );
}

export function ChannelFormPage(props: ChannelFormProps & { title: string; viewer: AdminViewer }) {
  return (
    <AdminPage title={props.title} section="channels" viewer={props.viewer}>
      <ChannelForm {...props} />
    </AdminPage>
  );
}

export function SigningSecretCreated({ name, secret, viewer }: { name: string; secret: string; viewer: AdminViewer }) {
  return (
    <ShownOncePage title="Channel created" section="channels" viewer={viewer} value={secret} back={{ href: '/admin/channels', text: 'Back to alert channels' }}>
      <strong>{name}</strong> signs every webhook with this secret (Standard Webhooks). Give it to the receiver now: it is shown only once.
    </ShownOncePage>
  );
}
