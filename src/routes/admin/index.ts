/** Every admin page under `/admin` (the route policy makes all of it admin-only). */
import { Hono } from 'hono';
import type { AppContext } from '../../context.ts';
import { adminChannelRoutes } from './channels.tsx';
import { adminIntegrationRoutes } from './integrations.tsx';
import { adminMaintenanceRoutes } from './maintenance.tsx';
import { adminTokenRoutes } from './tokens.tsx';
import { adminUserRoutes } from './users.tsx';

export function adminRoutes(app: AppContext) {
  return new Hono()
    .get('/', (c) => c.redirect('/admin/integrations', 302))
    .route('/integrations', adminIntegrationRoutes(app))
    .route('/channels', adminChannelRoutes(app))
    .route('/maintenance', adminMaintenanceRoutes(app))
    .route('/users', adminUserRoutes(app))
    .route('/tokens', adminTokenRoutes(app));
}
