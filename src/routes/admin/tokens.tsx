/** `/admin/tokens`: create (shown once), list and revoke API and kiosk tokens. */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../http/errors.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/api-tokens.ts';
import { TokensPage, type TokensPageProps } from '../../../views/pages/admin/tokens.tsx';
import { finish, formOf, idParam, noStore, viewerOf } from './common.ts';
import { fieldErrorsFromIssues } from './integration-form.ts';

export function adminTokenRoutes(app: AppContext) {
  const page = async (c: Context, extra: Partial<TokensPageProps> = {}) => {
    noStore(c);
    return c.html(<TokensPage tokens={await listApiTokens(app)} viewer={viewerOf(c)} now={app.clock()} {...extra} />);
  };

  return new Hono()
    .get('/', (c) => page(c, c.req.query('done') === 'revoked' ? { flash: 'Token revoked.' } : {}))
    .post('/', async (c) => {
      const form = await formOf(c);
      try {
        const { token, row } = await createApiToken(app, { name: form.name ?? '', scope: form.scope ?? '', tag: form.tag ?? '' });
        const base = app.config.publicUrl ?? new URL(c.req.url).origin;
        const boardUrl = row.scope === 'kiosk' ? `${base}/board?token=${encodeURIComponent(token)}${row.tag ? `&tag=${encodeURIComponent(row.tag)}` : ''}` : undefined;
        // Answered with the page itself (no redirect): the token must not travel in a URL.
        c.status(201);
        return await page(c, { created: { name: row.name, token, ...(boardUrl ? { boardUrl } : {}) } });
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        c.status(422);
        return page(c, { values: form, errors: fieldErrorsFromIssues(error.issues) });
      }
    })
    .post('/:id/revoke', async (c) => {
      try {
        await revokeApiToken(app, idParam(c));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        c.status(error.status as 404);
        return page(c, { flash: error.message });
      }
      return finish(c, '/admin/tokens?done=revoked');
    });
}
