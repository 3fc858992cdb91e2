/**
 * One integration on the wall board: big name, status as icon + word, and how long it has been
 * so (or its latency when up). Nothing hides behind hover. A tile that went down in the last
 * minute carries `just-down`, a CSS pulse with a fixed number of beats — it stops by itself.
 */
import type { TileRow } from '../../src/store/dashboard.ts';
import { statusLabels } from '../../src/domain/status.ts';
import { sortKey } from '../../src/realtime/page-views.ts';
import { RelativeTime } from '../components/relative-time.tsx';
import { formatLatency } from '../format.ts';
import { StatusIcon } from '../components/status-icon.tsx';

export const justDownMs = 60_000;

export function BoardTile({ row, now, oob }: { row: TileRow; now: Date; oob?: boolean }) {
  const label = statusLabels[row.status];
  const justDown = row.status === 'down' && now.getTime() - row.statusSince.getTime() < justDownMs;
  return (
    // The name may be clamped to two lines on screen; the tile's accessible name always carries all of it.
    <div
      id={`btile-${row.slug}`}
      class={`btile s-${row.status}${justDown ? ' just-down' : ''}`}
      role="listitem"
      aria-label={`${row.name}: ${label.text}`}
      title={row.name}
      data-sort={sortKey(row)}
      hx-swap-oob={oob ? 'true' : undefined}
    >
      <div class="btile-name">
        <span class="btile-tiny-icon">
          <StatusIcon status={row.status} />
        </span>
        <span class="integration-name">{row.name}</span>
      </div>
      <div class="btile-status">
        <StatusIcon status={row.status} /> {label.text}
      </div>
      <div class="btile-meta">
        {row.status === 'up' ? (
          formatLatency(row.lastLatencyMs)
        ) : (
          <>
            for <RelativeTime at={row.statusSince} now={now} mode="for" />
          </>
        )}
      </div>
    </div>
  );
}
