/**
 * `/integrations/:slug`: latency chart (uPlot, window selector), 90 days of daily uptime, recent
 * checks (paged), status changes, alert deliveries and the configuration with secrets masked.
 * The status header, new checks and new status changes arrive live.
 */
import { Layout } from '../layout.tsx';
import type { Tile } from '../../src/store/dashboard.ts';
import type { CheckPage, DeliveryRecord, StatusChangeRecord } from '../../src/store/integration-history.ts';
import { Announcer, PageHeader, SkipLink, type HeaderAccount } from '../components/page-header.tsx';
import { ConfigList, type ConfigEntry } from '../components/config-list.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { UptimeBars, type DayUptime } from '../components/uptime-bars.tsx';
import { DetailStatus } from '../partials/detail-status.tsx';
import { CheckRow, StatusChangeRow } from '../partials/history-rows.tsx';
import { absoluteTime, formatUptime } from '../format.ts';
import { chartWindows } from '../../src/services/integration-charts.ts';

export interface DetailProps {
  tile: Tile;
  settings: { intervalSeconds: number; timeoutMs: number; managedBy: string | null; createdAt: Date };
  /** Undefined when the viewer may not see configuration (public and kiosk viewers). */
  config: ConfigEntry[] | undefined;
  checks: CheckPage;
  changes: StatusChangeRecord[];
  deliveries: DeliveryRecord[];
  days: DayUptime[];
  uptime90d: number | null;
  /** Copy-ready badge and embed snippets (members only). */
  share?: { badgeSvgUrl: string; badgeMarkdown: string; embedHtml: string | undefined };
  now: Date;
  wsUrl: string;
  requestHeaders?: Record<string, string>;
  canCheck?: boolean;
  account?: HeaderAccount;
}

export const historyLimit = 20;

export function DetailPage(props: DetailProps) {
  const { tile, checks, now } = props;
  const live = checks.page === 1;
  return (
    <Layout
      title={tile.name}
      serverNow={now}
      wsUrl={props.wsUrl}
      styles={['/public/app.css', '/public/detail.css', '/public/vendor/uplot-1.6.32.min.css']}
      scripts={['/public/live.js', '/public/check-now.js', '/public/vendor/uplot-1.6.32.min.js', '/public/detail-chart.js']}
      requestHeaders={props.requestHeaders}
      canCheck={props.canCheck}
      bodyClass="page-detail"
    >
      <SkipLink />
      <PageHeader current="detail" account={props.account} />
      <main id="main">
        <nav class="crumbs" aria-label="Breadcrumb">
          <a href="/integrations/health">Integrations</a> <span aria-hidden="true">/</span> <span aria-current="page">{tile.name}</span>
        </nav>
        <div class="page-head">
          <div>
            <h1 class="integration-name">{tile.name}</h1>
            <p class="sub">
            {tile.kind}
            {tile.tags.map((tag) => (
              <a class="tag" href={`/integrations/health?tag=${encodeURIComponent(tag)}`}>
                {tag}
              </a>
            ))}
              {tile.isPublic ? <span class="tag tag-plain">public</span> : null}
            </p>
          </div>
        </div>
        <DetailStatus tile={tile} now={now} />

        <section class="card" aria-labelledby="chart-title">
          <div class="card-head">
            <h2 id="chart-title">Latency</h2>
            <div class="segmented" role="group" aria-label="Time window">
              {chartWindows.map((window) => (
                <button type="button" class="seg" data-window={window} aria-pressed={window === '24h' ? 'true' : 'false'}>
                  {window}
                </button>
              ))}
            </div>
          </div>
          <div id="latency-chart" class="chart" data-slug={tile.slug} data-window="24h" role="img" aria-label={`Latency of ${tile.name}`}>
            <p class="chart-note muted">Loading chart…</p>
          </div>
          <p class="chart-legend muted" id="chart-legend">
            24 h: every check. 7 d and 30 d: hourly P50, P95 and P99 from rollups.
          </p>
        </section>

        <section class="card" aria-labelledby="days-title">
          <div class="card-head">
            <h2 id="days-title">Daily uptime, 90 days</h2>
            <span class="muted">{formatUptime(props.uptime90d)} overall</span>
          </div>
          <UptimeBars days={props.days} />
        </section>

        <div class="two-col">
          <section class="card" aria-labelledby="checks-title">
            <div class="card-head">
              <h2 id="checks-title">Recent checks</h2>
              <span class="muted">{live ? 'live' : `page ${checks.page}`}</span>
            </div>
            <div class="table-wrap">
              <table class="history list-table">
                <thead>
                  <tr>
                    <th scope="col">Result</th>
                    <th scope="col">When</th>
                    <th scope="col" class="c-num">Latency</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody id={live ? 'recent-checks-body' : undefined} data-max-rows={live ? String(checks.pageSize) : undefined}>
                  {checks.checks.map((check) => (
                    <CheckRow check={check} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
            {checks.checks.length === 0 ? <p class="muted">No checks recorded yet.</p> : null}
            <nav class="pager" aria-label="Recent checks pages">
              {checks.page > 1 ? (
                <a class="btn btn-plain" href={checks.page === 2 ? `/integrations/${tile.slug}` : `/integrations/${tile.slug}?page=${checks.page - 1}`}>
                  ← Newer
                </a>
              ) : null}
              {checks.hasMore ? (
                <a class="btn btn-plain" href={`/integrations/${tile.slug}?page=${checks.page + 1}`}>
                  Older →
                </a>
              ) : null}
            </nav>
          </section>

          <section class="card" aria-labelledby="changes-title">
            <div class="card-head">
              <h2 id="changes-title">Status changes</h2>
            </div>
            <div class="table-wrap">
              <table class="history list-table">
                <thead>
                  <tr>
                    <th scope="col">Change</th>
                    <th scope="col">When</th>
                    <th scope="col">Cause</th>
                  </tr>
                </thead>
                <tbody id="status-changes-body" data-max-rows={String(historyLimit)}>
                  {props.changes.map((change) => (
                    <StatusChangeRow change={change} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
            {props.changes.length === 0 ? <p class="muted">No status changes yet.</p> : null}
          </section>
        </div>

        <div class="two-col">
          <section class="card" aria-labelledby="alerts-title">
            <div class="card-head">
              <h2 id="alerts-title">Alert deliveries</h2>
            </div>
            {props.deliveries.length === 0 ? (
              <p class="muted">No alerts sent for this integration.</p>
            ) : (
              <div class="table-wrap">
                <table class="history list-table">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Channel</th>
                      <th scope="col">State</th>
                      <th scope="col">When</th>
                    </tr>
                  </thead>
                  <tbody>
                    {props.deliveries.map((delivery) => (
                      <tr>
                        <td>{delivery.eventType}</td>
                        <td data-label="Channel">
                          {delivery.channelName} <span class="sub">{delivery.channelKind}</span>
                        </td>
                        <td data-label="State">
                          <span class={`state state-${delivery.state}`}>{delivery.state}</span>
                          {delivery.attempts > 1 ? <span class="sub">{delivery.attempts} attempts</span> : null}
                          {delivery.lastError && delivery.state !== 'sent' ? <span class="sub error-text">{delivery.lastError}</span> : null}
                        </td>
                        <td data-label="When">
                          <RelativeTime at={delivery.sentAt ?? delivery.createdAt} now={now} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section class="card" aria-labelledby="config-title">
            <div class="card-head">
              <h2 id="config-title">Configuration</h2>
              {props.settings.managedBy ? <span class="muted">managed by {props.settings.managedBy}</span> : null}
            </div>
            <dl class="config">
              <div>
                <dt>interval</dt>
                <dd>
                  <code>{props.settings.intervalSeconds} s</code>
                </dd>
              </div>
              <div>
                <dt>timeout</dt>
                <dd>
                  <code>{props.settings.timeoutMs} ms</code>
                </dd>
              </div>
              <div>
                <dt>created</dt>
                <dd>
                  <code>{absoluteTime(props.settings.createdAt)}</code>
                </dd>
              </div>
            </dl>
            {props.config ? <ConfigList entries={props.config} /> : <p class="muted">Settings are visible to signed-in members.</p>}
            {props.share ? (
              <div class="share">
                <h3>Badge and embed</h3>
                <p>
                  <img src={props.share.badgeSvgUrl} alt="status badge" height="20" />
                </p>
                <code class="snippet">{props.share.badgeMarkdown}</code>
                {props.share.embedHtml ? <code class="snippet">{props.share.embedHtml}</code> : <p class="muted">Make the integration public to embed its live status card.</p>}
              </div>
            ) : null}
          </section>
        </div>
      </main>
      <Announcer />
    </Layout>
  );
}
