/**
 * The WebSocket endpoints: `/ws?view=…` for pages (HTML fragments swapped by htmx),
 * `/embed/:slug/live` for embed cards (public integrations only) and `/api/v1/events` for API
 * clients (JSON). All are served by the instance's one hub.
 */
import { Hono, type Context } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocket } from 'ws';
import { AppError } from '../http/errors.ts';
import { readPageView } from '../realtime/page-views.ts';
import type { LiveUpdates } from '../realtime/live-updates.ts';

function upgradeRequired(c: Context) {
  c.header('Upgrade', 'websocket');
  return c.json({ error: { code: 'upgrade_required', message: 'This endpoint speaks WebSocket: connect with a WebSocket client', issues: [] } }, 426);
}

export function realtimeRoutes({ hub }: LiveUpdates) {
  return new Hono()
    .get(
      '/ws',
      async (c, next) => {
        // Validate before upgrading, so a bad URL gets a readable 400 instead of a dropped socket.
        if (!readPageView((name) => c.req.query(name))) throw new AppError('invalid_input', 'Unknown page view: expected view=dashboard|board|detail (detail needs slug=)');
        await next();
      },
      upgradeWebSocket((c) => {
        const view = readPageView((name) => c.req.query(name))!;
        const rendered = Number(c.req.query('rendered'));
        return {
          onOpen(_event, ws) {
            hub.addPage(ws.raw as WebSocket, view, Number.isFinite(rendered) && rendered > 0 ? rendered : undefined);
          },
        };
      }),
      upgradeRequired,
    )
    .get(
      '/embed/:slug/live',
      upgradeWebSocket((c) => {
        const slug = c.req.param('slug') ?? '';
        const rendered = Number(c.req.query('rendered'));
        return {
          onOpen(_event, ws) {
            hub.addPage(ws.raw as WebSocket, { kind: 'embed', slug }, Number.isFinite(rendered) && rendered > 0 ? rendered : undefined);
          },
        };
      }),
      upgradeRequired,
    )
    .get(
      '/api/v1/events',
      upgradeWebSocket(() => ({
        onOpen(_event, ws) {
          hub.addApiClient(ws.raw as WebSocket);
        },
      })),
      upgradeRequired,
    );
}
