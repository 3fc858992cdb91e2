/** `/admin/users`: people who sign in, their roles; nobody changes or deletes themselves here. */
import type { UserRow } from '../../../src/services/users.ts';
import { relativeTime } from '../../format.ts';
import { ListTable, ListTableRow, type Column } from '../../components/list-table.tsx';
import { AdminPage, CsrfField, FormActions, FieldError, Flash, type AdminViewer } from './admin-page.tsx';

export interface UsersPageProps {
  users: UserRow[];
  currentUserId: number | null;
  viewer: AdminViewer;
  now: Date;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  flash?: { message: string; kind: 'ok' | 'error' };
}

function userColumns(viewer: AdminViewer, now: Date, currentUserId: number | null): Column<UserRow>[] {
  return [
    {
      heading: 'Email',
      cell: (user) => (
        <>
          {user.email}
          {user.id === currentUserId ? <span class="you"> (you)</span> : null}
        </>
      ),
    },
    { heading: 'Role', cell: (user) => user.role },
    { heading: 'Last sign-in', cell: (user) => (user.lastLoginAt ? relativeTime(user.lastLoginAt, now) : 'never') },
    {
      heading: 'Actions',
      hiddenHeading: true,
      class: 'actions',
      cell: (user) =>
        user.id === currentUserId ? null : (
          <>
            <form method="post" action={`/admin/users/${user.id}/role`} class="inline">
              <CsrfField token={viewer.csrfToken} />
              <input type="hidden" name="role" value={user.role === 'admin' ? 'viewer' : 'admin'} />
              <button type="submit">{user.role === 'admin' ? 'Make viewer' : 'Make admin'}</button>
            </form>
            <form method="post" action={`/admin/users/${user.id}/delete`} class="inline" hx-confirm={`Delete ${user.email}?`}>
              <CsrfField token={viewer.csrfToken} />
              <button type="submit" class="danger" aria-label={`Delete ${user.email}`}>
                Delete
              </button>
            </form>
          </>
        ),
    },
  ];
}

export function UsersPage({ users, currentUserId, viewer, now, values = {}, errors = {}, flash }: UsersPageProps) {
  return (
    <AdminPage title="Users" section="users" viewer={viewer}>
      <Flash message={flash?.message} kind={flash?.kind} />
      <ListTable columns={userColumns(viewer, now, currentUserId)} rows={users} caption="Users">
        {(user) => <ListTableRow columns={userColumns(viewer, now, currentUserId)} row={user} id={`user-${user.id}`} />}
      </ListTable>
      <h2>Add a user</h2>
      <form method="post" action="/admin/users" class="admin-form compact">
        <CsrfField token={viewer.csrfToken} />
        <div class="field">
          <label for="u-email">Email</label>
          <input type="email" id="u-email" name="email" value={values.email ?? ''} required aria-invalid={errors.email ? 'true' : undefined} />
          <FieldError id="u-email-error" message={errors.email} />
        </div>
        <div class="field">
          <label for="u-password">Password (at least 12 characters; share it with them safely)</label>
          <input type="password" id="u-password" name="password" autocomplete="new-password" required aria-invalid={errors.password ? 'true' : undefined} />
          <FieldError id="u-password-error" message={errors.password} />
        </div>
        <div class="field">
          <label for="u-role">Role</label>
          <select id="u-role" name="role">
            <option value="viewer" selected={values.role !== 'admin'}>
              viewer — reads dashboards and history
            </option>
            <option value="admin" selected={values.role === 'admin'}>
              admin — also changes integrations, channels, users and tokens
            </option>
          </select>
          <FieldError id="u-role-error" message={errors.role} />
        </div>
        <FormActions submit="Add user" />
      </form>
    </AdminPage>
  );
}
