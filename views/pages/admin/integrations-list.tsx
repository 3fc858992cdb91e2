/** `/admin/integrations`: every integration with its admin actions (read-only when a file manages it). */
import { StatusPill } from '../../components/status-pill.tsx';
import { ListTable, type Column } from '../../components/list-table.tsx';
import type { Integration } from '../../../src/store/types.ts';
import { AdminPage, CsrfField, Flash, ManagedBadge, type AdminViewer } from './admin-page.tsx';

/** A one-button form; `label` names the button with its integration for screen readers. */
function ActionButton({ action, text, label, csrf, confirm, danger }: { action: string; text: string; label: string; csrf: string | undefined; confirm?: string; danger?: boolean }) {
  return (
    <form method="post" action={action} class="inline" hx-confirm={confirm}>
      <CsrfField token={csrf} />
      <button type="submit" class={danger ? 'danger' : undefined} aria-label={label}>
        {text}
      </button>
    </form>
  );
}

function integrationColumns(viewer: AdminViewer): Column<Integration>[] {
  return [
    {
      heading: 'Name',
      cell: (integration) => (
        <>
          <a class="integration-name" href={`/integrations/${integration.slug}`}>
            {integration.name}
          </a>{' '}
          <ManagedBadge managedBy={integration.managedBy} />
          {integration.isPublic ? <span class="tag-public">public</span> : null}
        </>
      ),
    },
    { heading: 'Kind', cell: (integration) => integration.kind },
    { heading: 'Tags', cell: (integration) => (integration.tags.length ? integration.tags.map((tag) => <span class="tag">{tag}</span>) : '—') },
    { heading: 'Status', cell: (integration) => <StatusPill status={integration.status} /> },
    {
      heading: 'Actions',
      hiddenHeading: true,
      class: 'actions',
      cell: (integration) =>
        integration.managedBy ? (
          <a href={`/admin/integrations/${integration.slug}/edit`}>View</a>
        ) : (
          <>
            <a href={`/admin/integrations/${integration.slug}/edit`} aria-label={`Edit ${integration.name}`}>
              Edit
            </a>
            {integration.paused ? (
              <ActionButton action={`/admin/integrations/${integration.slug}/resume`} text="Resume" label={`Resume ${integration.name}`} csrf={viewer.csrfToken} />
            ) : (
              <ActionButton action={`/admin/integrations/${integration.slug}/pause`} text="Pause" label={`Pause ${integration.name}`} csrf={viewer.csrfToken} />
            )}
            <ActionButton action={`/admin/integrations/${integration.slug}/delete`} text="Delete" label={`Delete ${integration.name}`} csrf={viewer.csrfToken} confirm={`Delete ${integration.name} and its history?`} danger />
          </>
        ),
    },
  ];
}

export function IntegrationsListPage({ integrations, viewer, flash }: { integrations: Integration[]; viewer: AdminViewer; flash?: string }) {
  return (
    <AdminPage title="Integrations" section="integrations" viewer={viewer}>
      <Flash message={flash} />
      <p>
        <a class="button primary" href="/admin/integrations/new">
          Add an integration
        </a>
      </p>
      {integrations.length === 0 ? <p>No integrations yet.</p> : <ListTable columns={integrationColumns(viewer)} rows={integrations} caption="Integrations" />}
    </AdminPage>
  );
}
