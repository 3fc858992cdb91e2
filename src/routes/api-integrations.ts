/** `/api/v1/integrations`: create, read, change, delete, and "check now". */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { integrationDetail, integrationSummary } from '../http/serialize.ts';
import { readJsonBody } from '../http/body.ts';
import { getManualCheck, requestManualCheck } from '../services/checks.ts';
import { createIntegration, deleteIntegration, findBySlugOrThrow, updateIntegration } from '../services/integrations.ts';
import { compareSeverity } from '../domain/status.ts';

export function integrationApiRoutes(app: AppContext) {
  return new Hono()
    .get('/', async (c) => {
      const integrations = await app.db.prisma.integration.findMany({ orderBy: { name: 'asc' } });
      integrations.sort((a, b) => compareSeverity(a.status, b.status));
      return c.json({ integrations: integrations.map(integrationSummary) });
    })
    .post('/', async (c) => {
      const { integration, pushToken } = await createIntegration(app, await readJsonBody(c));
      c.header('Location', `/api/v1/integrations/${integration.slug}`);
      return c.json(
        {
          integration: integrationDetail(integration, app.secrets),
          ...(pushToken ? { pushToken, pushUrl: `/api/v1/push/${pushToken}`, note: 'The push token is shown only once.' } : {}),
        },
        201,
      );
    })
    .get('/:slug', async (c) => {
      const integration = await findBySlugOrThrow(app, c.req.param('slug'));
      return c.json({ integration: integrationDetail(integration, app.secrets) });
    })
    .patch('/:slug', async (c) => {
      const integration = await updateIntegration(app, c.req.param('slug'), await readJsonBody(c));
      return c.json({ integration: integrationDetail(integration, app.secrets) });
    })
    .delete('/:slug', async (c) => {
      await deleteIntegration(app, c.req.param('slug'));
      return c.body(null, 204);
    })
    .post('/:slug/checks', async (c) => {
      const request = await requestManualCheck(app, c.req.param('slug'));
      const location = `/api/v1/integrations/${request.slug}/checks/${request.jobId}`;
      c.header('Location', location);
      return c.json({ check: { id: request.jobId, state: 'queued', requestedAt: request.requestedAt.toISOString(), href: location } }, 202);
    })
    .get('/:slug/checks/:id', async (c) => {
      const state = await getManualCheck(app, c.req.param('slug'), c.req.param('id'));
      return c.json({ check: { id: c.req.param('id'), ...state } });
    });
}
