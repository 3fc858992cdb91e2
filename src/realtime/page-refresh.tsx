/**
 * What a page is sent when it must be brought up to date from scratch: on (re)connect, after
 * the event listener reconnected, or when its list needs a group it does not have.
 */
import { countStatuses, type PageView } from './page-views.ts';
import { Messages, toHtml } from './page-messages.ts';
import { dashboardSummary, inTagScope, scopeRows, tileOf, type Batch, type DetailExtras } from './page-updates.tsx';
import type pg from 'pg';
import type { TileRow } from '../store/dashboard.ts';
import { recentChecks, recentStatusChanges } from '../store/integration-history.ts';
import { Summary } from '../../views/partials/summary.tsx';
import { DetailStatus } from '../../views/partials/detail-status.tsx';
import { CheckRow, StatusChangeRow } from '../../views/partials/history-rows.tsx';
import { EmbedCard } from '../../views/partials/embed-card.tsx';
import { DashboardGroups } from '../../views/pages/dashboard.tsx';
import { BoardGrid } from '../../views/pages/board.tsx';
import { historyLimit } from '../../views/pages/detail.tsx';

/** Everything a page shows, from scratch: sent on (re)connect and when the list must be rebuilt. */
export function renderFull(view: PageView, batch: Batch, extras: DetailExtras | undefined): string[] {
  switch (view.kind) {
    case 'dashboard': {
      const scope = scopeRows(view, batch);
      const tiles = scope.map((row) => tileOf(row, batch));
      return [toHtml(<DashboardGroups view={view} tiles={tiles} now={batch.now} oob />) + dashboardSummary(view, scope, batch.now)];
    }
    case 'board': {
      const scope = scopeRows(view, batch);
      return [toHtml(<BoardGrid rows={scope} now={batch.now} oob />) + toHtml(<Summary counts={countStatuses(scope)} now={batch.now} oob hideZero />)];
    }
    case 'detail': {
      const row = [...batch.model.values()].find((candidate) => candidate.slug === view.slug);
      if (!row) return [`<section id="detail-status" class="detail-status s-unknown" hx-swap-oob="true"><p>This integration no longer exists.</p></section>`];
      const parts = new Messages();
      parts.body(toHtml(<DetailStatus tile={tileOf(row, batch)} now={batch.now} oob />));
      if (extras) {
        if (view.liveChecks) {
          parts.own(
            toHtml(
              <tbody id="recent-checks-body" hx-swap-oob="true" data-max-rows={String(historyLimit)}>
                {extras.checks.map((check) => (
                  <CheckRow check={check} now={batch.now} />
                ))}
              </tbody>,
            ),
          );
        }
        parts.own(
          toHtml(
            <tbody id="status-changes-body" hx-swap-oob="true" data-max-rows={String(historyLimit)}>
              {extras.changes.map((change) => (
                <StatusChangeRow change={change} now={batch.now} />
              ))}
            </tbody>,
          ),
        );
      }
      return parts.list();
    }
    case 'embed': {
      const row = [...batch.model.values()].find((candidate) => candidate.slug === view.slug && candidate.isPublic);
      return [toHtml(<EmbedCard tile={row ? tileOf(row, batch) : undefined} now={batch.now} oob />)];
    }
  }
}

/** Ids whose analytics a full render needs. */
export function statsForFull(view: PageView, model: ReadonlyMap<number, TileRow>): number[] {
  if (view.kind === 'board') return [];
  if (view.kind === 'dashboard') return [...model.values()].filter((row) => inTagScope(view, row)).map((row) => row.id);
  return [...model.values()].filter((row) => row.slug === view.slug).map((row) => row.id);
}

/** History rows a detail page's full render re-sends (two small reads per distinct page). */
export async function loadDetailExtras(pool: pg.Pool, views: PageView[], model: ReadonlyMap<number, TileRow>): Promise<Map<string, DetailExtras>> {
  const extras = new Map<string, DetailExtras>();
  const slugs = new Set(views.flatMap((view) => (view.kind === 'detail' ? [view.slug] : [])));
  await Promise.all(
    [...slugs].map(async (slug) => {
      const row = [...model.values()].find((candidate) => candidate.slug === slug);
      if (!row) return;
      const [checks, changes] = await Promise.all([recentChecks(pool, row.id, 1, historyLimit), recentStatusChanges(pool, row.id, historyLimit)]);
      extras.set(slug, { checks: checks.checks, changes });
    }),
  );
  return extras;
}
