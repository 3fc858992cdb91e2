/** `/admin/users`: add people, switch their role between admin and viewer, remove them. */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { createUser, deleteUser, listUsers, setUserRole } from '../../services/users.ts';
import { UsersPage, type UsersPageProps } from '../../../views/pages/admin/users.tsx';
import { actingUserId, finish, formOf, idParam, noStore, viewerOf } from './common.ts';
import { fieldErrorsFromIssues } from './integration-form.ts';

export function adminUserRoutes(app: AppContext) {
  const page = async (c: Context, extra: Partial<UsersPageProps> = {}) => {
    noStore(c);
    return c.html(<UsersPage users={await listUsers(app)} currentUserId={actingUserId(c)} viewer={viewerOf(c)} now={app.clock()} {...extra} />);
  };

  const change = (work: (c: Context, id: number) => Promise<void>, done: string) => async (c: Context) => {
    try {
      await work(c, idParam(c));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      c.status(error.status as 409);
      return page(c, { flash: { message: error.message, kind: 'error' } });
    }
    return finish(c, `/admin/users?done=${done}`);
  };

  return new Hono()
    .get('/', (c) => {
      const done = c.req.query('done');
      const messages: Record<string, string> = { created: 'User added.', role: 'Role changed.', deleted: 'User deleted.' };
      const message = done ? messages[done] : undefined;
      return page(c, message ? { flash: { message, kind: 'ok' } } : {});
    })
    .post('/', async (c) => {
      const form = await formOf(c);
      try {
        await createUser(app, { email: form.email ?? '', password: form.password ?? '', role: form.role ?? 'viewer' });
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        c.status(422);
        const { password: _password, ...values } = form;
        return page(c, { values, errors: fieldErrorsFromIssues(error.issues), flash: { message: error.message, kind: 'error' } });
      }
      return finish(c, '/admin/users?done=created');
    })
    .post(
      '/:id/role',
      change(async (c, id) => setUserRole(app, actingUserId(c), id, (await formOf(c)).role), 'role'),
    )
    .post(
      '/:id/delete',
      change((c, id) => deleteUser(app, actingUserId(c), id), 'deleted'),
    );
}
