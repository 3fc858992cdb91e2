/**
 * Builds the Hono application from its dependencies. It never listens: main.ts serves it, and
 * tests call `app.request(url)` or serve it on port 0.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppContext } from './context.ts';
import { BADGE_MOUNT_PATH } from './badges/feature.ts';
import { AppError } from './http/errors.ts';
import { requestLog, type RequestVariables } from './middleware/request-log.ts';
import { authMiddleware, type AuthVariables } from './middleware/auth/index.ts';
import { authRoutes } from './routes/auth.tsx';
import { adminRoutes } from './routes/admin/index.ts';
import { healthRoutes } from './routes/health.ts';
import { integrationApiRoutes } from './routes/api-integrations.ts';
import { pushRoutes } from './routes/push.ts';
import { alertChannelApiRoutes } from './routes/api-alert-channels.ts';
import { alertApiRoutes } from './routes/api-alerts.ts';
import { maintenanceWindowApiRoutes } from './routes/api-maintenance-windows.ts';
import { alertPageRoutes } from './routes/alert-pages.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { realtimeRoutes } from './routes/realtime.ts';
import { createLiveUpdates } from './realtime/live-updates.ts';
import { systemApiRoutes } from './routes/api-system.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { allowFraming } from './middleware/allow-framing.ts';

export type AppEnv = { Variables: RequestVariables & AuthVariables };

export function createApp(app: AppContext) {
  const web = new Hono<AppEnv>();
  web.use(requestLog(app.log));
  // Badges are mounted before the page middleware on purpose: Hono runs only the middleware
  // registered before a route. They send their own headers (CORS *, nosniff, a CSP for SVG
  // documents, Cache-Control, a strong ETag) that the page CSP / X-Frame-Options would replace,
  // and at ~1 KB compression would cost CPU per request on the busiest public route and weaken
  // the ETag. Nothing that reads sessions or the database per request may run before them.
  web.route(BADGE_MOUNT_PATH, app.badges.routes);
  // The embed card alone may be framed by other sites (registered first, so it runs last).
  web.use('/embed/*', allowFraming());
  web.use(
    secureHeaders({
      // Pages load only our own scripts and styles; inline styles are used by server-rendered
      // sparklines and tile sizing.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      // Not "no-referrer": with it, browsers send `Origin: null` on same-origin form posts and
      // htmx requests, which the cross-site check must refuse. "same-origin" still sends nothing
      // to other sites.
      referrerPolicy: 'same-origin',
      crossOriginResourcePolicy: false,
    }),
  );
  web.use(compress());
  web.onError((error, c) => {
    if (error instanceof AppError) {
      if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
      return c.json(error.toJSON(), error.status as 400);
    }
    c.get('log')?.error({ err: error.message, stack: error.stack }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Internal server error', issues: [] } }, 500);
  });
  web.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}`, issues: [] } }, 404));

  // Access control for everything below: one policy table (src/middleware/auth/policy.ts),
  // unknown routes admin-only. Badges above check their own signatures.
  web.use(authMiddleware(app));
  web.use('/public/*', serveStatic({ root: './', onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=3600') }));
  web.route('/', healthRoutes(app));
  web.route('/api/v1/integrations', integrationApiRoutes(app));
  web.route('/api/v1/push', pushRoutes(app));
  web.route('/api/v1/alert-channels', alertChannelApiRoutes(app));
  web.route('/api/v1/alerts', alertApiRoutes(app));
  web.route('/api/v1/maintenance-windows', maintenanceWindowApiRoutes(app));
  web.route('/api/v1/metrics', systemApiRoutes(app));
  web.route('/api', apiDocsRoutes(app));
  web.route('/', metricsRoutes(app));
  web.route('/', alertPageRoutes(app));
  web.route('/', authRoutes(app));
  web.route('/admin', adminRoutes(app));
  const live = createLiveUpdates(app);
  web.route('/', realtimeRoutes(live));
  web.route('/', pageRoutes(app, live));
  return web;
}
