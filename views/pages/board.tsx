/**
 * `/board`: the wall screen. Dark, high contrast, one full-viewport grid that public/board.js
 * sizes so every tile fits without scrollbars; a clock, "updated N s ago" and a banner when the
 * server has been unreachable for 10 s. No hover, no interaction needed (kiosk browsers).
 */
import { Layout } from '../layout.tsx';
import type { TileRow } from '../../src/store/dashboard.ts';
import { compareWorstFirst, countStatuses, type PageView } from '../../src/realtime/page-views.ts';
import { BoardTile } from '../partials/board-tile.tsx';
import { Summary } from '../partials/summary.tsx';

export interface BoardProps {
  view: Extract<PageView, { kind: 'board' }>;
  rows: TileRow[];
  now: Date;
  wsUrl: string;
}

export function BoardGrid({ rows, now, oob }: { rows: TileRow[]; now: Date; oob?: boolean }) {
  return (
    <div id="board-grid" class="board-grid" role="list" aria-label="Integrations, worst first" data-sorted="tiles" data-count={String(rows.length)} hx-swap-oob={oob ? 'true' : undefined}>
      {[...rows].sort(compareWorstFirst).map((row) => (
        <BoardTile row={row} now={now} />
      ))}
    </div>
  );
}

export function BoardPage({ view, rows, now, wsUrl }: BoardProps) {
  return (
    <Layout title={view.tag ? `Board · ${view.tag}` : 'Board'} serverNow={now} wsUrl={wsUrl} styles={['/public/board.css']} scripts={['/public/live.js', '/public/direct-swap.js', '/public/board.js']} bodyClass="board">
      <header class="board-bar">
        <h1 class="board-title">{view.tag ? `Integrations · ${view.tag}` : 'Integrations'}</h1>
        <Summary counts={countStatuses(rows)} now={now} hideZero />
        <div class="board-clock">
          <time id="clock" class="clock" aria-label="Current time"></time>
          <span id="updated" class="updated" data-updated-at={String(now.getTime())}>
            updated just now
          </span>
        </div>
      </header>
      <main class="board-main">
        <BoardGrid rows={rows} now={now} />
        <p class="board-empty">No integrations{view.tag ? ` tagged ${view.tag}` : ''}.</p>
      </main>
      <div id="conn-banner" class="conn-banner" role="alert" hidden>
        <span aria-hidden="true">⚠</span> Connection to the server lost — reconnecting…
      </div>
    </Layout>
  );
}
