/** `/api/v1/integrations`: list with health (getAllHealth), create, read, change, delete, "check now", health and history. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { integrationDetail, integrationSummary } from '../http/serialize.ts';
import { readJsonBody } from '../http/body.ts';
import { getManualCheck, requestManualCheck } from '../services/checks.ts';
import { createIntegration, deleteIntegration, findBySlugOrThrow, updateIntegration } from '../services/integrations.ts';
import { compareSeverity } from '../domain/status.ts';
import { emptyHealthSummary, healthSummaries } from '../analytics/index.ts';
import { allIntegrationIds } from '../store/system.ts';
import { integrationHealthRoutes } from './api-integration-health.ts';
import { canSeeConfig, principalOf } from '../middleware/auth/principal.ts';

export function integrationApiRoutes(app: AppContext) {
  return new Hono()
    .get('/', async (c) => {
      // getAllHealth: uptime and percentiles of every integration in one batch of queries, read
      // alongside the rows themselves rather than after them.
      const [integrations, health] = await Promise.all([
        app.db.prisma.integration.findMany({ orderBy: { name: 'asc' } }),
        allIntegrationIds(app.db.pool).then((ids) => healthSummaries(app.db.pool, ids, app.clock())),
      ]);
      integrations.sort((a, b) => compareSeverity(a.status, b.status));
      return c.json({ integrations: integrations.map((integration) => ({ ...integrationSummary(integration), ...(health.get(integration.id) ?? emptyHealthSummary) })) });
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
      // Visitors of a public dashboard and kiosk screens see state, never configuration.
      if (!canSeeConfig(principalOf(c))) return c.json({ integration: integrationSummary(integration) });
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
    .route('/', integrationHealthRoutes(app))
    .get('/:slug/checks/:id', async (c) => {
      const state = await getManualCheck(app, c.req.param('slug'), c.req.param('id'));
      return c.json({ check: { id: c.req.param('id'), ...state } });
    });
}
