/**
 * Builds the Hono application from its dependencies. It never listens: main.ts serves it, and
 * tests call `app.request(url)` or serve it on port 0.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppContext } from './context.ts';
import { AppError } from './http/errors.ts';
import { requestLog, type RequestVariables } from './middleware/request-log.ts';
import { healthRoutes } from './routes/health.ts';
import { integrationApiRoutes } from './routes/api-integrations.ts';
import { pushRoutes } from './routes/push.ts';
import { pageRoutes } from './routes/pages.tsx';

export type AppEnv = { Variables: RequestVariables };

export function createApp(app: AppContext) {
  const web = new Hono<AppEnv>();
  web.use(requestLog(app.log));
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

  web.use('/public/*', serveStatic({ root: './', onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=3600') }));
  web.route('/', healthRoutes(app));
  web.route('/api/v1/integrations', integrationApiRoutes(app));
  web.route('/api/v1/push', pushRoutes(app));
  web.route('/', pageRoutes(app));
  return web;
}
