/**
 * `/integrations/:slug` (the detail page) and `/integrations/:slug/chart?window=` (its chart
 * data as JSON, fetched by public/detail-chart.js when the window changes).
 */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { getCheckKind } from '../checks/registry.ts';
import { pageSocketUrl } from '../realtime/page-views.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { scheduleSettingsFor } from '../services/integration-settings.ts';
import { chartData, chartWindows, dailyUptime, type ChartWindow } from '../services/integration-charts.ts';
import type { TileRow } from '../store/dashboard.ts';
import type { TileStatsCache } from '../realtime/tile-stats-cache.ts';
import { recentAlertDeliveries, recentChecks, recentStatusChanges } from '../store/integration-history.ts';
import type { Integration } from '../store/types.ts';
import { DetailPage, historyLimit } from '../../views/pages/detail.tsx';
import { NotFoundPage } from '../../views/pages/not-found.tsx';
import { configEntries } from '../../views/components/config-list.tsx';
import { headerAccountOf, mayCheckNow, mayShowConfig, pageRequestHeaders } from './page-access.ts';

function tileRowOf(integration: Integration): TileRow {
  return {
    id: integration.id,
    slug: integration.slug,
    name: integration.name,
    kind: integration.kind,
    tags: integration.tags,
    isPublic: integration.isPublic,
    paused: integration.paused,
    status: integration.status,
    statusSince: integration.statusSince,
    lastCheckedAt: integration.lastCheckedAt,
    lastLatencyMs: integration.lastLatencyMs,
    lastMessage: integration.lastMessage,
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Names of the secret fields that hold a value (empty defaults like `{}` do not count). Never the values. */
function secretFieldsSet(integration: Integration, box: SecretBox): string[] {
  const kind = getCheckKind(integration.kind);
  if (!kind) return [];
  const present = box.decryptJson(integration.secrets);
  const hasValue = (value: unknown) =>
    value !== undefined && value !== null && value !== '' && !(typeof value === 'object' && Object.keys(value as object).length === 0);
  return kind.secretFields.filter((field) => hasValue(present[field]));
}

export function detailPageRoutes(app: AppContext, tileStats: TileStatsCache) {
  const find = (slug: string) => app.db.prisma.integration.findUnique({ where: { slug } });
  return new Hono()
    .get('/:slug', async (c) => {
      const integration = await find(c.req.param('slug'));
      if (!integration) return c.html(<NotFoundPage message={`There is no integration "${c.req.param('slug')}".`} />, 404);
      const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
      const renderedAt = new Date();
      const now = app.clock();
      const { pool } = app.db;
      const [stats, checks, changes, deliveries, days] = await Promise.all([
        tileStats.get([integration.id], now),
        recentChecks(pool, integration.id, page, historyLimit),
        recentStatusChanges(pool, integration.id, historyLimit),
        recentAlertDeliveries(app.db.prisma, integration.id, historyLimit),
        dailyUptime(pool, integration.id, now),
      ]);
      const showConfig = mayShowConfig(c);
      const secretsSet = showConfig ? secretFieldsSet(integration, app.secrets) : [];
      const view = { kind: 'detail' as const, slug: integration.slug, liveChecks: checks.page === 1 };
      const origin = app.config.publicUrl?.replace(/\/$/, '') ?? new URL(c.req.url).origin;
      const badge = showConfig ? app.badges.embedSnippets(integration, origin)[0] : undefined;
      const share = badge
        ? {
            badgeSvgUrl: badge.svgUrl,
            badgeMarkdown: badge.markdown,
            embedHtml: integration.isPublic ? `<iframe src="${origin}/embed/${integration.slug}?theme=light" width="320" height="130" style="border:0" title="${escapeAttribute(integration.name)} status"></iframe>` : undefined,
          }
        : undefined;
      c.header('Cache-Control', 'no-store');
      return c.html(
        <DetailPage
          tile={{ ...tileRowOf(integration), stats: stats.get(integration.id)! }}
          settings={{
            intervalSeconds: scheduleSettingsFor(integration, app.config).intervalSeconds,
            timeoutMs: integration.timeoutMs ?? app.config.checks.timeoutMs,
            managedBy: integration.managedBy,
            createdAt: integration.createdAt,
          }}
          config={showConfig ? configEntries(integration.config as Record<string, unknown>, secretsSet) : undefined}
          checks={checks}
          changes={changes}
          deliveries={deliveries}
          days={days.days}
          uptime90d={days.overall}
          share={share}
          now={now}
          wsUrl={pageSocketUrl(view, renderedAt)}
          requestHeaders={pageRequestHeaders(c)}
          canCheck={mayCheckNow(c)}
          account={headerAccountOf(c)}
        />,
      );
    })
    .get('/:slug/chart', async (c) => {
      const integration = await find(c.req.param('slug'));
      if (!integration) return c.json({ error: { code: 'not_found', message: `No integration "${c.req.param('slug')}"`, issues: [] } }, 404);
      const requested = c.req.query('window');
      const window: ChartWindow = chartWindows.find((candidate) => candidate === requested) ?? '24h';
      c.header('Cache-Control', 'no-store');
      return c.json(await chartData(app.db.pool, integration.id, window, app.clock()));
    });
}
