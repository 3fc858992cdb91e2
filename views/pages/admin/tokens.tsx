/** `/admin/tokens`: API and kiosk tokens. A new token is shown on this page once, then only its name. */
import type { TokenRow } from '../../../src/services/api-tokens.ts';
import { relativeTime } from '../../format.ts';
import { ListTable, ListTableRow, type Column } from '../../components/list-table.tsx';
import { AdminPage, CsrfField, FormActions, FieldError, Flash, type AdminViewer } from './admin-page.tsx';

export interface CreatedToken {
  name: string;
  token: string;
  /** For kiosk tokens: the ready-made board link. */
  boardUrl?: string;
}

export interface TokensPageProps {
  tokens: TokenRow[];
  viewer: AdminViewer;
  now: Date;
  created?: CreatedToken;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  flash?: string;
}

const scopeText = { read: 'read — every read-only page and GET endpoint', admin: 'admin — everything', kiosk: 'kiosk — the wall board only' } as const;

function tokenColumns(viewer: AdminViewer, now: Date): Column<TokenRow>[] {
  return [
    { heading: 'Name', cell: (token) => token.name },
    { heading: 'Scope', cell: (token) => token.scope },
    { heading: 'Tag', cell: (token) => token.tag ?? '—' },
    { heading: 'Created', cell: (token) => relativeTime(token.createdAt, now) },
    { heading: 'Last used', cell: (token) => (token.lastUsedAt ? relativeTime(token.lastUsedAt, now) : 'never') },
    {
      heading: 'State',
      class: 'actions',
      cell: (token) =>
        token.revokedAt ? (
          `revoked ${relativeTime(token.revokedAt, now)}`
        ) : (
          <form method="post" action={`/admin/tokens/${token.id}/revoke`} class="inline" hx-confirm={`Revoke ${token.name}? Anything using it stops working.`}>
            <CsrfField token={viewer.csrfToken} />
            <button type="submit" class="danger" aria-label={`Revoke ${token.name}`}>
              Revoke
            </button>
          </form>
        ),
    },
  ];
}

export function TokensPage({ tokens, viewer, now, created, values = {}, errors = {}, flash }: TokensPageProps) {
  return (
    <AdminPage title="API and kiosk tokens" section="tokens" viewer={viewer}>
      <Flash message={flash} />
      {created ? (
        <div class="created-token" role="status">
          <p>
            Token <strong>{created.name}</strong> created. Copy it now: it is shown only this once.
          </p>
          <p>
            <code class="secret-once">{created.token}</code>
          </p>
          {created.boardUrl ? (
            <p>
              Board link for a wall screen: <code class="secret-once">{created.boardUrl}</code>
            </p>
          ) : (
            <p class="hint">Send it as the header Authorization: Bearer &lt;token&gt;.</p>
          )}
        </div>
      ) : null}
      <ListTable columns={tokenColumns(viewer, now)} rows={tokens} caption="Tokens">
        {(token) => <ListTableRow columns={tokenColumns(viewer, now)} row={token} id={`token-${token.id}`} class={token.revokedAt ? 'revoked' : undefined} />}
      </ListTable>
      <h2>Create a token</h2>
      <form method="post" action="/admin/tokens" class="admin-form compact">
        <CsrfField token={viewer.csrfToken} />
        <div class="field">
          <label for="t-name">Name (what uses it)</label>
          <input type="text" id="t-name" name="name" value={values.name ?? ''} required aria-invalid={errors.name ? 'true' : undefined} />
          <FieldError id="t-name-error" message={errors.name} />
        </div>
        <div class="field">
          <label for="t-scope">Scope</label>
          <select id="t-scope" name="scope">
            {(['read', 'admin', 'kiosk'] as const).map((scope) => (
              <option value={scope} selected={(values.scope ?? 'read') === scope}>
                {scopeText[scope]}
              </option>
            ))}
          </select>
          <FieldError id="t-scope-error" message={errors.scope} />
        </div>
        <div class="field">
          <label for="t-tag">Tag (kiosk only, optional): the board shows only integrations with this tag</label>
          <input type="text" id="t-tag" name="tag" value={values.tag ?? ''} aria-invalid={errors.tag ? 'true' : undefined} />
          <FieldError id="t-tag-error" message={errors.tag} />
        </div>
        <FormActions submit="Create token" />
      </form>
    </AdminPage>
  );
}
