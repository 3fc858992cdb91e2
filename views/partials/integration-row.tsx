/**
 * One integration on the dashboard: the partial the page renders AND the fragment the hub pushes
 * over the WebSocket (with `oob`), so a live update is exactly what a reload would show.
 * `data-sort` / `data-group` let public/live.js keep a pushed row in its worst-first place.
 */
import type { Tile } from '../../src/store/dashboard.ts';
import { sortKey } from '../../src/realtime/page-views.ts';
import { CheckNow } from '../components/check-now.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { formatLatency, formatUptime } from '../format.ts';

export interface IntegrationRowProps {
  tile: Tile;
  group: string;
  now: Date;
  /** Set when pushed: an out-of-band swap of the row with the same id. */
  oob?: boolean;
  /** Manual-check job ids whose results this render includes (clears their spinners). */
  jobs?: string[];
}

export function IntegrationRow({ tile, group, now, oob, jobs }: IntegrationRowProps) {
  // The group heading already names its tag; the row lists only the others.
  const otherTags = tile.tags.filter((tag) => tag !== group);
  return (
    <tr
      id={`tile-${tile.slug}`}
      class={`tile s-${tile.status}`}
      data-status={tile.status}
      data-sort={sortKey(tile)}
      data-group={group}
      data-jobs={jobs?.length ? jobs.join(' ') : undefined}
      hx-swap-oob={oob ? 'true' : undefined}
    >
      <td class="c-status">
        <StatusPill status={tile.status} />
      </td>
      <th scope="row" class="c-name">
        <a class="integration-name" href={`/integrations/${tile.slug}`}>
          {tile.name}
        </a>
        <span class="sub">
          {tile.kind}
          {otherTags.length ? ` · ${otherTags.join(', ')}` : null}
        </span>
        {tile.status !== 'up' && tile.lastMessage ? (
          <span class="msg" title={tile.lastMessage}>
            {tile.lastMessage}
          </span>
        ) : null}
      </th>
      <td class="c-spark">
        <Sparkline points={tile.stats.spark} />
      </td>
      {/* data-label names each figure where the card layout (narrow screens) has no column headings. */}
      <td class="c-num c-latency" data-label="Latency">
        {formatLatency(tile.lastLatencyMs)}
      </td>
      <td class="c-num c-24h" data-label="Uptime 24 h">
        {formatUptime(tile.stats.uptime24h)}
      </td>
      <td class="c-num c-30d" data-label="Uptime 30 d">
        {formatUptime(tile.stats.uptime30d)}
      </td>
      <td class="c-time" data-label="Last check">
        <RelativeTime at={tile.lastCheckedAt} now={now} />
      </td>
      <td class="c-action">
        <CheckNow slug={tile.slug} name={tile.name} paused={tile.paused} />
      </td>
    </tr>
  );
}
