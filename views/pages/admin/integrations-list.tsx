/** `/admin/integrations`: every integration with its admin actions (read-only when a file manages it). */
import { StatusPill } from '../../components/status-pill.tsx';
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

export function IntegrationsListPage({ integrations, viewer, flash }: { integrations: Integration[]; viewer: AdminViewer; flash?: string }) {
  return (
    <AdminPage title="Integrations" section="integrations" viewer={viewer}>
      <Flash message={flash} />
      <p>
        <a class="button primary" href="/admin/integrations/new">
          Add an integration
        </a>
      </p>
      {integrations.length === 0 ? (
        <p>No integrations yet.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Tags</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {integrations.map((integration) => (
              <tr id={`admin-integration-${integration.slug}`}>
                <td>
                  <a href={`/integrations/${integration.slug}`}>{integration.name}</a> <ManagedBadge managedBy={integration.managedBy} />
                  {integration.isPublic ? <span class="tag-public">public</span> : null}
                </td>
                <td>{integration.kind}</td>
                <td>
                  {integration.tags.map((tag) => (
                    <span class="tag">{tag}</span>
                  ))}
                </td>
                <td>
                  <StatusPill status={integration.status} />
                </td>
                <td>
                  <div class="actions">
                  {integration.managedBy ? (
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
                      <ActionButton
                        action={`/admin/integrations/${integration.slug}/delete`}
                        text="Delete"
                        label={`Delete ${integration.name}`}
                        csrf={viewer.csrfToken}
                        confirm={`Delete ${integration.name} and its history?`}
                        danger
                      />
                    </>
                  )}
                </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminPage>
  );
}
