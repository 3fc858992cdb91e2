/**
 * The live header of the detail page: status, how long, last check, latency, uptime. Pushed
 * whole on every result; `data-latest-*` tells public/detail-chart.js to add the new point.
 */
import type { Tile } from '../../src/store/dashboard.ts';
import { CheckNow, checkNowSettings } from '../components/check-now.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { formatLatency, formatUptime } from '../format.ts';

export function DetailStatus({ tile, now, oob, jobs }: { tile: Tile; now: Date; oob?: boolean; jobs?: string[] }) {
  return (
    <section
      id="detail-status"
      class={`detail-status s-${tile.status}`}
      aria-label="Current status"
      data-latest-at={tile.lastCheckedAt ? String(tile.lastCheckedAt.getTime()) : undefined}
      data-latest-latency={tile.lastLatencyMs === null ? undefined : String(tile.lastLatencyMs)}
      data-jobs={jobs?.length ? jobs.join(' ') : undefined}
      hx-swap-oob={oob ? 'true' : undefined}
      {...checkNowSettings}
    >
      <div class="detail-status-main">
        <StatusPill status={tile.status} />
        <span class="since">
          for <RelativeTime at={tile.statusSince} now={now} mode="for" />
        </span>
        <CheckNow slug={tile.slug} name={tile.name} paused={tile.paused} />
      </div>
      {tile.lastMessage ? <p class="detail-message">{tile.lastMessage}</p> : null}
      <dl class="facts">
        <div>
          <dt>Last check</dt>
          <dd>
            <RelativeTime at={tile.lastCheckedAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{formatLatency(tile.lastLatencyMs)}</dd>
        </div>
        <div>
          <dt>Uptime 24 h</dt>
          <dd>{formatUptime(tile.stats.uptime24h)}</dd>
        </div>
        <div>
          <dt>Uptime 30 d</dt>
          <dd>{formatUptime(tile.stats.uptime30d)}</dd>
        </div>
      </dl>
    </section>
  );
}
