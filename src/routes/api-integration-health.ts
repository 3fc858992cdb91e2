/**
 * `/api/v1/integrations/:slug/health` (getHealth) and `/:slug/history`: uptime, percentiles and
 * paged history of one integration. Query parameters are validated by the zod schemas in
 * src/domain/analytics-queries.ts (the OpenAPI document is generated from the same schemas).
 */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { healthOverRanges, rangeOfWindow } from '../analytics/index.ts';
import { historyPage } from '../analytics/history-page.ts';
import type { TimeRange } from '../analytics/types.ts';
import { defaultPageSize, defaultRangeMs, healthQuerySchema, historyQuerySchema, maxRangeMs, type Resolution } from '../domain/analytics-queries.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { findBySlugOrThrow } from '../services/integrations.ts';

export function integrationHealthRoutes(app: AppContext) {
  return new Hono()
    .get('/:slug/health', async (c) => {
      const parsed = healthQuerySchema.safeParse(c.req.query());
      if (!parsed.success) throw invalidInput(parsed.error, ['query']);
      const query = parsed.data;
      const integration = await findBySlugOrThrow(app, c.req.param('slug'));
      const now = app.clock();
      const window = query.from ? null : (query.window ?? '24h');
      const range = window ? rangeOfWindow(window, now) : checkedRange(new Date(query.from!), notAfter(query.to ? new Date(query.to) : now, now), maxRangeMs.health);
      const [perRange] = await healthOverRanges(app.db.pool, [integration.id], [range]);
      const { from, to, ...health } = perRange!.get(integration.id)!;
      return c.json({
        health: {
          slug: integration.slug,
          status: integration.status,
          since: integration.statusSince.toISOString(),
          window,
          from: from.toISOString(),
          to: to.toISOString(),
          ...health,
        },
      });
    })
    .get('/:slug/history', async (c) => {
      const parsed = historyQuerySchema.safeParse(c.req.query());
      if (!parsed.success) throw invalidInput(parsed.error, ['query']);
      const query = parsed.data;
      const integration = await findBySlugOrThrow(app, c.req.param('slug'));
      const resolution: Resolution = query.resolution;
      const now = app.clock();
      const to = query.to ? notAfter(new Date(query.to), now) : now;
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultRangeMs[resolution]);
      const range = checkedRange(from, to, maxRangeMs[resolution], resolution);
      const limit = query.limit ?? defaultPageSize;
      const page = await historyPage(app.db.pool, integration.id, { resolution, ...range, limit, cursor: query.cursor });
      return c.json({
        history: { slug: integration.slug, resolution, from: range.from.toISOString(), to: range.to.toISOString(), limit, items: page.items, nextCursor: page.nextCursor },
      });
    });
}

/** A status holds until the next result, so no window may run past now (it would invent time). */
function notAfter(at: Date, now: Date): Date {
  return at.getTime() > now.getTime() ? now : at;
}

function checkedRange(from: Date, to: Date, maxMs: number, resolution?: Resolution): TimeRange {
  if (!(from.getTime() < to.getTime())) {
    throw new AppError('invalid_input', 'Invalid range: from must be before to', { issues: [{ path: ['query', 'from'], message: 'must be before to' }] });
  }
  if (to.getTime() - from.getTime() > maxMs) {
    const days = Math.round(maxMs / 86_400_000);
    const what = resolution ? `resolution=${resolution}` : 'a health range';
    const hint = resolution === 'raw' ? '; use resolution=hour or day for longer ranges' : resolution === 'hour' ? '; use resolution=day for longer ranges' : '';
    throw new AppError('invalid_input', `Range too long: ${what} covers at most ${days} days${hint}`, { issues: [{ path: ['query', 'from'], message: `must be at most ${days} days before to` }] });
  }
  return { from, to };
}
