/** Server-rendered pages. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { compareSeverity } from '../domain/status.ts';
import { DashboardPage } from '../../views/pages/dashboard.tsx';

export function pageRoutes(app: AppContext) {
  return new Hono()
    .get('/', (c) => c.redirect('/integrations/health'))
    .get('/integrations/health', async (c) => {
      const integrations = await app.db.prisma.integration.findMany({ orderBy: { name: 'asc' } });
      integrations.sort((a, b) => compareSeverity(a.status, b.status));
      return c.html(<DashboardPage integrations={integrations} now={app.clock()} />);
    });
}
