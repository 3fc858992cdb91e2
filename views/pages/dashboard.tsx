/** `/integrations/health`: every integration, worst first, grouped by tag, with live updates. */
import { Layout } from '../layout.tsx';
import { statuses, statusLabels, type Status } from '../../src/domain/status.ts';
import type { Tile } from '../../src/store/dashboard.ts';
import { countStatuses, groupRows, type PageView } from '../../src/realtime/page-views.ts';
import { Announcer, PageHeader, SkipLink, type HeaderAccount } from '../components/page-header.tsx';
import { IntegrationGroup } from '../partials/integration-group.tsx';
import { Summary } from '../partials/summary.tsx';
import { checkNowSettings } from '../components/check-now.tsx';

export interface DashboardProps {
  view: Extract<PageView, { kind: 'dashboard' }>;
  /** Every integration in the tag scope (the status filter is applied here, so counts stay whole). */
  tiles: Tile[];
  tags: string[];
  now: Date;
  wsUrl: string;
  requestHeaders?: Record<string, string>;
  canCheck?: boolean;
  account?: HeaderAccount;
}

export function dashboardHref(filters: { tag?: string | undefined; status?: Status | undefined }): string {
  const params = new URLSearchParams();
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.status) params.set('status', filters.status);
  const query = params.toString();
  return `/integrations/health${query ? `?${query}` : ''}`;
}

export function DashboardGroups({ view, tiles, now, oob }: { view: DashboardProps['view']; tiles: Tile[]; now: Date; oob?: boolean }) {
  const shown = tiles.filter((tile) => !view.status || tile.status === view.status);
  return (
    <div id="groups" data-sorted="groups" hx-swap-oob={oob ? 'true' : undefined} {...checkNowSettings}>
      {shown.length === 0 ? (
        <p class="empty">
          {tiles.length === 0 && !view.tag ? (
            <>
              No integrations yet. Add one under <a href="/admin/integrations">Admin → Integrations</a> or with <code>POST /api/v1/integrations</code>.
            </>
          ) : (
            'No integrations match these filters.'
          )}
        </p>
      ) : (
        groupRows(view, shown).map((group) => <IntegrationGroup tag={group.tag} tiles={group.rows} now={now} />)
      )}
    </div>
  );
}

export function DashboardPage({ view, tiles, tags, now, wsUrl, requestHeaders, canCheck, account }: DashboardProps) {
  const filtered = Boolean(view.tag || view.status);
  return (
    <Layout title="Dashboard" serverNow={now} wsUrl={wsUrl} scripts={['/public/live.js', '/public/check-now.js']} requestHeaders={requestHeaders} canCheck={canCheck} bodyClass="page-dashboard">
      <SkipLink />
      <PageHeader current="dashboard" account={account} />
      <main id="main">
        <div class="page-head">
          <h1>Integrations</h1>
          <Summary counts={countStatuses(tiles)} now={now} hrefFor={(status) => dashboardHref({ tag: view.tag, status: view.status === status ? undefined : status })} active={view.status} />
        </div>
        <form class="filters" method="get" action="/integrations/health" role="search" aria-label="Filter integrations">
          <label>
            Tag{' '}
            <select name="tag">
              <option value="">All tags</option>
              {tags.map((tag) => (
                <option value={tag} selected={tag === view.tag}>
                  {tag}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status{' '}
            <select name="status">
              <option value="">Any status</option>
              {statuses.map((status) => (
                <option value={status} selected={status === view.status}>
                  {statusLabels[status].text}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="btn">
            Apply
          </button>
          {filtered ? (
            <a class="btn btn-plain" href="/integrations/health">
              Clear filters
            </a>
          ) : null}
        </form>
        <DashboardGroups view={view} tiles={tiles} now={now} />
      </main>
      <Announcer />
    </Layout>
  );
}
