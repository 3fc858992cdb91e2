/**
 * The badge routes as a Hono sub-app, mounted by the app at `/badge`:
 *
 *   GET /all/status.svg                       worst status of every public integration
 *   GET /tag/:tag/status.svg                  worst status of the public integrations with a tag
 *   GET /:slug/status.svg
 *   GET /:slug/uptime.svg?window=24h|7d|30d|90d|1y          (default 30d)
 *   GET /:slug/latency.svg?p=50|95|99&window=…               (default p95, 24h)
 *   GET /:slug/cert.svg                                      days to certificate expiry
 *   GET /:slug/shields.json?metric=status|uptime|latency|cert  shields.io endpoint schema
 *
 * Common query: label, style, color, labelColor, sig (private integrations); shields.json also
 * takes window, p and logo (→ namedLogo). Unknown parameters are ignored. The literal `all` and
 * `tag` routes are registered first, so integration slugs "all" and "tag" are reserved.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import {
  aggregateQuerySchema,
  certQuerySchema,
  latencyQuerySchema,
  parseQuery,
  shieldsQuerySchema,
  statusQuerySchema,
  uptimeQuerySchema,
  type PresentationQuery,
} from './query.ts';
import { sendBadge, sendInvalidQuery } from './respond.ts';
import { createBadgeService, type BadgeFormat, type BadgeLook } from './service.ts';
import type { BadgeMetric, BadgePercentile, BadgeRoutesDeps, BadgeWindow } from './types.ts';

/** Slugs the badge URLs cannot address; the integration slug validator should refuse them. */
export const RESERVED_BADGE_SLUGS: readonly string[] = ['all', 'tag'];

export const DEFAULT_BADGE_MAX_AGE_SECONDS = 30;

type SubjectQuery = PresentationQuery & { window?: BadgeWindow; p?: BadgePercentile };

function lookFrom(query: PresentationQuery & { logo?: string }, format: BadgeFormat): BadgeLook {
  return {
    format,
    label: query.label,
    color: query.color,
    presentation: { style: query.style, labelColor: query.labelColor, logo: query.logo },
  };
}

export function createBadgeRoutes(deps: BadgeRoutesDeps): Hono {
  if (!deps.secretKey) throw new Error('createBadgeRoutes: secretKey must be a non-empty string (set SECRET_KEY)');
  const maxAge = deps.cacheMaxAgeSeconds ?? DEFAULT_BADGE_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new Error(`createBadgeRoutes: cacheMaxAgeSeconds must be a whole number >= 0, got ${String(maxAge)}`);
  }
  const service = createBadgeService({ ...deps, cacheMaxAgeSeconds: maxAge });
  const app = new Hono();

  /** One handler shape for the four per-integration SVGs. */
  function subjectSvg(metric: BadgeMetric, schema: z.ZodType<SubjectQuery>) {
    return async function handleSubjectSvg(c: Context): Promise<Response> {
      const parsed = parseQuery(schema, c.req.query());
      if (!parsed.ok) return sendInvalidQuery(c, parsed.body);
      const query = parsed.value;
      const rendered = await service.subjectBadge({
        ...lookFrom(query, 'svg'),
        slug: c.req.param('slug') ?? '',
        metric,
        window: query.window,
        p: query.p,
        sig: query.sig,
      });
      return sendBadge(c, rendered, maxAge);
    };
  }

  app.get('/all/status.svg', function handleAllStatus(c) {
    const parsed = parseQuery(aggregateQuerySchema, c.req.query());
    if (!parsed.ok) return sendInvalidQuery(c, parsed.body);
    return sendBadge(c, service.aggregateBadge(lookFrom(parsed.value, 'svg')), maxAge);
  });

  app.get('/tag/:tag/status.svg', function handleTagStatus(c) {
    const parsed = parseQuery(aggregateQuerySchema, c.req.query());
    if (!parsed.ok) return sendInvalidQuery(c, parsed.body);
    return sendBadge(c, service.aggregateBadge({ ...lookFrom(parsed.value, 'svg'), tag: c.req.param('tag') }), maxAge);
  });

  app.get('/:slug/status.svg', subjectSvg('status', statusQuerySchema));
  app.get('/:slug/uptime.svg', subjectSvg('uptime', uptimeQuerySchema));
  app.get('/:slug/latency.svg', subjectSvg('latency', latencyQuerySchema));
  app.get('/:slug/cert.svg', subjectSvg('cert', certQuerySchema));

  app.get('/:slug/shields.json', async function handleShieldsJson(c) {
    const parsed = parseQuery(shieldsQuerySchema, c.req.query());
    if (!parsed.ok) return sendInvalidQuery(c, parsed.body);
    const query = parsed.value;
    const rendered = await service.subjectBadge({
      ...lookFrom(query, 'json'),
      slug: c.req.param('slug'),
      metric: query.metric,
      window: query.window,
      p: query.p,
      sig: query.sig,
    });
    return sendBadge(c, rendered, maxAge);
  });

  return app;
}
