/** `/api/v1/metrics/system` (getSystemMetrics): the installation's own health, as JSON. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { getSystemMetrics } from '../services/system-metrics.ts';

export function systemApiRoutes(app: AppContext) {
  return new Hono().get('/system', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ system: await getSystemMetrics(app) });
  });
}
