/**
 * API documentation: `GET /api/openapi.json` (generated from the zod schemas, see
 * src/openapi/document.ts) and `GET /api/docs`, a page that renders it with a pinned copy of
 * Swagger UI from public/vendor (never a CDN). Its script is an external file, as the CSP requires.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../context.ts';
import { openApiDocument } from '../openapi/document.ts';

export const swaggerUiPath = '/public/vendor/swagger-ui-5.35.0';

export function apiDocsRoutes(_app: AppContext) {
  return new Hono()
    .get('/openapi.json', (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(openApiDocument());
    })
    .get('/docs', (c) =>
      c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Integration Health API</title>
    <link rel="stylesheet" href="${swaggerUiPath}/swagger-ui.css" />
  </head>
  <body>
    <noscript>This page renders <a href="/api/openapi.json">/api/openapi.json</a> and needs JavaScript.</noscript>
    <div id="swagger-ui"></div>
    <script src="${swaggerUiPath}/swagger-ui-bundle.js"></script>
    <script src="/public/api-docs.js"></script>
  </body>
</html>`),
    );
}
