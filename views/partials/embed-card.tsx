/**
 * The small card for iframes (`/embed/:slug`). Private or unknown integrations get the same
 * neutral card, so an embed never tells whether a slug exists or what it is called.
 */
import type { Tile } from '../../src/store/dashboard.ts';
import { StatusPill } from '../components/status-pill.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { formatLatency, formatUptime } from '../format.ts';

export function EmbedCard({ tile, now, oob }: { tile: Tile | undefined; now: Date; oob?: boolean }) {
  if (!tile) {
    return (
      <div id="embed-card" class="embed-card s-unknown" hx-swap-oob={oob ? 'true' : undefined}>
        <div class="embed-title">Status unavailable</div>
        <StatusPill status="unknown" />
      </div>
    );
  }
  return (
    <div id="embed-card" class={`embed-card s-${tile.status}`} hx-swap-oob={oob ? 'true' : undefined}>
      <div class="embed-title integration-name">{tile.name}</div>
      <StatusPill status={tile.status} />
      <dl class="embed-facts">
        <div>
          <dt>Uptime 24 h</dt>
          <dd>{formatUptime(tile.stats.uptime24h)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{formatLatency(tile.lastLatencyMs)}</dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd>
            <RelativeTime at={tile.lastCheckedAt} now={now} />
          </dd>
        </div>
      </dl>
    </div>
  );
}
