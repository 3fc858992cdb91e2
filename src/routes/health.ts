/**
 * `/healthz`: the process is up and serving. `/readyz`: it can do its work — the database
 * answers and pg-boss is started — else 503 with the reason, so a load balancer stops sending
 * traffic to an instance that lost its database.
 */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';

export function healthRoutes(app: AppContext) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const reasons: string[] = [];
      if (app.readiness.shuttingDown) reasons.push('shutting down');
      if (!(await app.db.ping(2_000))) reasons.push('database unreachable');
      if (!app.readiness.bossStarted) reasons.push('job queue not started');
      c.header('Cache-Control', 'no-store');
      if (reasons.length > 0) return c.json({ status: 'unavailable', reasons }, 503);
      return c.json({ status: 'ready', role: app.config.role, listener: app.readiness.listenerConnected() ? 'connected' : 'reconnecting' });
    });
}
