/** `/api/v1/maintenance-windows`: list, create, change, delete. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { readJsonBody } from '../http/body.ts';
import { windowView } from '../http/serialize-alerts.ts';
import { createWindow, deleteWindow, findWindowOrThrow, updateWindow } from '../services/maintenance-windows.ts';
import type { MaintenanceWindow } from '../store/types.ts';

export function maintenanceWindowApiRoutes(app: AppContext) {
  /** Slugs for the windows' integrations in one query. */
  const views = async (rows: MaintenanceWindow[]) => {
    const ids = [...new Set(rows.map((row) => row.integrationId).filter((id): id is number => id !== null))];
    const integrations = ids.length ? await app.db.prisma.integration.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } }) : [];
    const slugs = new Map(integrations.map((integration) => [integration.id, integration.slug]));
    const now = app.clock();
    return rows.map((row) => windowView(row, row.integrationId === null ? null : (slugs.get(row.integrationId) ?? null), now));
  };
  return new Hono()
    .get('/', async (c) => {
      const rows = await app.db.prisma.maintenanceWindow.findMany({ orderBy: { id: 'asc' } });
      return c.json({ windows: await views(rows) });
    })
    .post('/', async (c) => {
      const row = await createWindow(app, await readJsonBody(c));
      c.header('Location', `/api/v1/maintenance-windows/${row.id}`);
      return c.json({ window: (await views([row]))[0] }, 201);
    })
    .get('/:id', async (c) => c.json({ window: (await views([await findWindowOrThrow(app, c.req.param('id'))]))[0] }))
    .patch('/:id', async (c) => {
      const row = await updateWindow(app, c.req.param('id'), await readJsonBody(c));
      return c.json({ window: (await views([row]))[0] });
    })
    .delete('/:id', async (c) => {
      await deleteWindow(app, c.req.param('id'));
      return c.body(null, 204);
    });
}
