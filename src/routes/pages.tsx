/**
 * Server-rendered pages: the dashboard, the wall board, the embed card, and the "Check now"
 * fragment. Each page renders the same partials the hub pushes over its WebSocket.
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.ts';
import type { Logger } from '../log.ts';
import { AppError } from '../http/errors.ts';
import { pageSocketUrl, readStatus, readTag, type PageView } from '../realtime/page-views.ts';
import { requestManualCheck } from '../services/checks.ts';
import { listTags, listTileRows, withStats } from '../store/dashboard.ts';
import type { LiveUpdates } from '../realtime/live-updates.ts';
import { DashboardPage } from '../../views/pages/dashboard.tsx';
import { BoardPage } from '../../views/pages/board.tsx';
import { EmbedPage } from '../../views/pages/embed.tsx';
import { CheckNow, type CheckNowState } from '../../views/components/check-now.tsx';
import { headerAccountOf, mayCheckNow, pageRequestHeaders } from './page-access.ts';
import { detailPageRoutes } from './detail-page.tsx';

/** Live pages must never come from a cache: their WebSocket only sends what changes afterwards. */
function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
}

export function pageRoutes(app: AppContext, { tileStats }: LiveUpdates) {
  return new Hono()
    .get('/', (c) => c.redirect('/integrations/health'))
    .get('/integrations/health', async (c) => {
      const query = (name: string) => c.req.query(name);
      const tag = readTag(query);
      const status = readStatus(query);
      const view: Extract<PageView, { kind: 'dashboard' }> = { kind: 'dashboard', ...(tag ? { tag } : {}), ...(status ? { status } : {}) };
      const renderedAt = new Date();
      const now = app.clock();
      const [rows, tags] = await Promise.all([listTileRows(app.db.pool, tag ? { tag } : {}), listTags(app.db.pool)]);
      // Analytics only for the rows shown; the counts at the top use every row in the tag scope.
      const shownIds = rows.filter((row) => !status || row.status === status).map((row) => row.id);
      const tiles = withStats(rows, await tileStats.get(shownIds, now));
      noStore(c);
      return c.html(<DashboardPage view={view} tiles={tiles} tags={tags} now={now} wsUrl={pageSocketUrl(view, renderedAt)} requestHeaders={pageRequestHeaders(c)} canCheck={mayCheckNow(c)} account={headerAccountOf(c)} />);
    })
    .get('/board', async (c) => {
      const tag = readTag((name) => c.req.query(name));
      const view: Extract<PageView, { kind: 'board' }> = { kind: 'board', ...(tag ? { tag } : {}) };
      const renderedAt = new Date();
      const rows = await listTileRows(app.db.pool, tag ? { tag } : {});
      noStore(c);
      return c.html(<BoardPage view={view} rows={rows} now={app.clock()} wsUrl={pageSocketUrl(view, renderedAt, c.req.query('token'))} />);
    })
    .get('/embed/:slug', async (c) => {
      const slug = c.req.param('slug');
      const theme = c.req.query('theme') === 'dark' ? 'dark' : c.req.query('theme') === 'light' ? 'light' : 'auto';
      const renderedAt = new Date();
      const now = app.clock();
      // Private and unknown slugs look the same: a neutral card, no name, no live connection.
      const [row] = await listTileRows(app.db.pool, { slug, publicOnly: true });
      const tile = row ? withStats([row], await tileStats.get([row.id], now))[0] : undefined;
      noStore(c);
      return c.html(<EmbedPage tile={tile} now={now} theme={theme} wsUrl={tile ? pageSocketUrl({ kind: 'embed', slug: tile.slug }, renderedAt) : undefined} />);
    })
    .post('/integrations/:slug/check', async (c) => {
      // The "Check now" button's request: answers with the control in its next state (htmx swaps it).
      const slug = c.req.param('slug');
      const [row] = await listTileRows(app.db.pool, { slug });
      if (!row) return c.html(<CheckNow slug={slug} name={slug} paused={false} view={{ state: 'error', message: 'This integration no longer exists.' }} />, 404);
      const respond = (view: CheckNowState, status: 202 | 409 | 429 | 500 | 503) => c.html(<CheckNow slug={row.slug} name={row.name} paused={false} view={view} />, status);
      try {
        const request = await requestManualCheck(app, slug);
        return respond({ state: 'pending', jobId: request.jobId }, 202);
      } catch (error) {
        if (error instanceof AppError && error.code === 'rate_limited') {
          const seconds = error.retryAfter ?? app.config.checks.manualCooldownSeconds;
          c.header('Retry-After', String(seconds));
          return respond({ state: 'rate-limited', retryAfterSeconds: seconds, now: new Date() }, 429);
        }
        if (error instanceof AppError && error.code === 'conflict') return respond({ state: 'error', message: 'Paused: resume it to check it.' }, 409);
        if (error instanceof AppError && error.code === 'unavailable') return respond({ state: 'error', message: 'Checks are turned off on this server.' }, 503);
        const log = (c.get('log' as never) as Logger | undefined) ?? app.log;
        log.error({ err: (error as Error).message, slug }, 'manual check request failed');
        return respond({ state: 'error', message: 'Could not start the check. Try again.' }, 500);
      }
    })
    .route('/integrations', detailPageRoutes(app, tileStats));
}
