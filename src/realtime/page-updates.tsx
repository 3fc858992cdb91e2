/**
 * What a live page is sent after a batch of changes: the same partials the page renders, marked
 * for out-of-band swaps. Pure: it works from the hub's model of what pages show (rows before and
 * after the batch) and pre-loaded analytics, so one render serves every page with the same view.
 *
 * List pages (dashboard, board) get, per changed integration: a replaced row, a deleted row, or
 * a row appended to its group (public/live.js moves it to its worst-first place). When a row
 * needs a group the page does not have yet, the page's whole list is re-sent instead (rare).
 */
import { Messages, toHtml } from './page-messages.ts';
import { statusLabels } from '../domain/status.ts';
import type { CheckCompletedEvent, StatusChangedEvent } from './events.ts';
import type { Tile, TileRow, TileStats } from '../store/dashboard.ts';
import type { CheckRecord, StatusChangeRecord } from '../store/integration-history.ts';
import { countStatuses, groupOf, listViewIncludes, type PageView } from './page-views.ts';
import { tagDomId } from '../../views/format.ts';
import { IntegrationRow } from '../../views/partials/integration-row.tsx';
import { GroupHeading } from '../../views/partials/integration-group.tsx';
import { Summary } from '../../views/partials/summary.tsx';
import { BoardTile } from '../../views/partials/board-tile.tsx';
import { DetailStatus } from '../../views/partials/detail-status.tsx';
import { CheckRow, StatusChangeRow } from '../../views/partials/history-rows.tsx';
import { EmbedCard } from '../../views/partials/embed-card.tsx';
import { dashboardHref } from '../../views/pages/dashboard.tsx';

/** One integration that changed in the batch. */
export interface Change {
  id: number;
  /** What pages showed before the batch (undefined: not shown / did not exist). */
  before: TileRow | undefined;
  /** The row now (undefined: deleted). */
  after: TileRow | undefined;
  checks: CheckCompletedEvent[];
  statusChanges: StatusChangedEvent[];
}

export interface Batch {
  changes: Change[];
  /** Every integration as pages now show it (after the batch). */
  model: ReadonlyMap<number, TileRow>;
  stats: ReadonlyMap<number, TileStats>;
  now: Date;
}

/** Data a detail page's full refresh needs beyond the batch (read by the hub). */
export interface DetailExtras {
  checks: CheckRecord[];
  changes: StatusChangeRecord[];
}

const emptyStats: TileStats = { uptime24h: null, uptime30d: null, spark: [] };

export function tileOf(row: TileRow, batch: Batch): Tile {
  return { ...row, stats: batch.stats.get(row.id) ?? emptyStats };
}

function jobsOf(change: Change): string[] {
  return change.checks.flatMap((check) => (check.jobId ? [check.jobId] : []));
}

/** Rows of a list view before the batch: the model with changed rows swapped back. */
function rowsBefore(batch: Batch): TileRow[] {
  const changed = new Map(batch.changes.map((change) => [change.id, change]));
  const rows: TileRow[] = [];
  for (const [id, row] of batch.model) {
    const change = changed.get(id);
    if (!change) rows.push(row);
    else if (change.before) rows.push(change.before);
  }
  for (const change of batch.changes) if (!batch.model.has(change.id) && change.before) rows.push(change.before);
  return rows;
}

export function inTagScope(view: PageView, row: TileRow | undefined): row is TileRow {
  return row !== undefined && (view.kind === 'dashboard' || view.kind === 'board') && (!view.tag || row.tags.includes(view.tag));
}

export function scopeRows(view: PageView, batch: Batch): TileRow[] {
  return [...batch.model.values()].filter((row) => inTagScope(view, row));
}

function announcement(view: PageView, batch: Batch): string {
  const lines = batch.changes.flatMap((change) =>
    change.statusChanges
      .filter(() => view.kind === 'detail' || inTagScope(view, change.after))
      .map((event) => `${change.after?.name ?? event.slug} is now ${statusLabels[event.to].text} (was ${statusLabels[event.from].text}).`),
  );
  if (lines.length === 0) return '';
  return toHtml(
    <div id="announcer" hx-swap-oob="innerHTML">
      {lines.map((line) => (
        <p>{line}</p>
      ))}
    </div>,
  );
}

export function dashboardSummary(view: Extract<PageView, { kind: 'dashboard' }>, rows: TileRow[], now: Date): string {
  return toHtml(
    <Summary counts={countStatuses(rows)} now={now} oob active={view.status} hrefFor={(status) => dashboardHref({ tag: view.tag, status: view.status === status ? undefined : status })} />,
  );
}

/** Whether a batch needs the list re-sent: a row joins a group the page does not show yet. */
export function needsFullList(view: PageView, batch: Batch): boolean {
  if (view.kind !== 'dashboard') return false;
  const groupsBefore = new Set(rowsBefore(batch).filter((row) => listViewIncludes(view, row)).map((row) => groupOf(view, row)));
  return batch.changes.some((change) => {
    if (!change.after || !listViewIncludes(view, change.after)) return false;
    const wasIn = change.before !== undefined && listViewIncludes(view, change.before) && groupOf(view, change.before) === groupOf(view, change.after);
    return !wasIn && !groupsBefore.has(groupOf(view, change.after));
  });
}

/** Ids whose analytics a view's incremental update renders. */
export function statsNeeded(view: PageView, batch: Batch): number[] {
  if (view.kind === 'board') return [];
  return batch.changes.filter((change) => change.after && (view.kind === 'dashboard' ? listViewIncludes(view, change.after) : change.after.slug === view.slug)).map((change) => change.id);
}

export function renderIncremental(view: PageView, batch: Batch, memo: Map<string, string>): string[] {
  const once = (key: string, make: () => string) => {
    let value = memo.get(key);
    if (value === undefined) memo.set(key, (value = make()));
    return value;
  };
  switch (view.kind) {
    case 'dashboard':
      return dashboardUpdate(view, batch, once);
    case 'board':
      return boardUpdate(view, batch, once);
    case 'detail':
      return detailUpdate(view, batch, once);
    case 'embed': {
      const change = batch.changes.find((candidate) => candidate.after?.slug === view.slug || candidate.before?.slug === view.slug);
      if (!change) return [];
      return [once(`embed:${change.id}`, () => toHtml(<EmbedCard tile={change.after?.isPublic ? tileOf(change.after, batch) : undefined} now={batch.now} oob />))];
    }
  }
}

type Once = (key: string, make: () => string) => string;

function dashboardUpdate(view: Extract<PageView, { kind: 'dashboard' }>, batch: Batch, once: Once): string[] {
  const parts = new Messages();
  const touchedGroups = new Set<string>();
  let inScope = false;
  for (const change of batch.changes) {
    const { before, after } = change;
    if (inTagScope(view, before) || inTagScope(view, after)) inScope = true;
    const wasIn = before !== undefined && listViewIncludes(view, before);
    const isIn = after !== undefined && listViewIncludes(view, after);
    const groupBefore = wasIn ? groupOf(view, before) : undefined;
    const groupAfter = isIn ? groupOf(view, after) : undefined;
    if (groupBefore !== undefined) touchedGroups.add(groupBefore);
    if (groupAfter !== undefined) touchedGroups.add(groupAfter);
    const row = (group: string, oob: boolean) =>
      once(`row:${change.id}:${group}:${oob}`, () => toHtml(<IntegrationRow tile={tileOf(after!, batch)} group={group} now={batch.now} oob={oob} jobs={jobsOf(change)} />));
    if (groupBefore !== undefined && groupBefore === groupAfter) {
      parts.rows(row(groupAfter, true));
      continue;
    }
    if (wasIn) parts.rows(`<tr id="tile-${before.slug}" hx-swap-oob="delete"></tr>`);
    if (groupAfter !== undefined) {
      // Appended to its group's table; a table body wrapper keeps the <tr> intact when parsed.
      parts.own(`<tbody hx-swap-oob="beforeend:#group-${tagDomId(groupAfter)}-rows">${row(groupAfter, false)}</tbody>`);
    }
  }
  if (touchedGroups.size > 0) {
    const shown = [...batch.model.values()].filter((row) => listViewIncludes(view, row));
    for (const group of touchedGroups) {
      const members = shown.filter((row) => groupOf(view, row) === group);
      parts.body(
        members.length > 0
          ? toHtml(<GroupHeading tag={group} statusesInGroup={members} oob />)
          : `<section id="group-${tagDomId(group)}" hx-swap-oob="delete"></section>`,
      );
    }
  }
  if (inScope) parts.body(once(`summary:${view.tag ?? ''}:${view.status ?? ''}`, () => dashboardSummary(view, scopeRows(view, batch), batch.now)));
  if (!parts.empty) parts.body(once(`announce:${view.tag ?? ''}`, () => announcement(view, batch)));
  return parts.list();
}

function boardUpdate(view: Extract<PageView, { kind: 'board' }>, batch: Batch, once: Once): string[] {
  const parts: string[] = [];
  let inScope = false;
  for (const change of batch.changes) {
    const { before, after } = change;
    if (!inTagScope(view, before) && !inTagScope(view, after)) continue;
    inScope = true;
    const wasIn = before !== undefined && listViewIncludes(view, before);
    const isIn = after !== undefined && listViewIncludes(view, after);
    const tile = (oob: boolean) => once(`btile:${change.id}:${oob}`, () => toHtml(<BoardTile row={after!} now={batch.now} oob={oob} />));
    if (wasIn && isIn) parts.push(tile(true));
    else if (wasIn) parts.push(`<div id="btile-${before.slug}" hx-swap-oob="delete"></div>`);
    else if (isIn) parts.push(`<div hx-swap-oob="beforeend:#board-grid">${tile(false)}</div>`);
  }
  if (inScope) parts.push(once(`bsummary:${view.tag ?? ''}`, () => toHtml(<Summary counts={countStatuses(scopeRows(view, batch))} now={batch.now} oob hideZero />)));
  return parts.length ? [parts.join('')] : [];
}

function detailUpdate(view: Extract<PageView, { kind: 'detail' }>, batch: Batch, once: Once): string[] {
  const change = batch.changes.find((candidate) => candidate.after?.slug === view.slug || candidate.before?.slug === view.slug);
  if (!change) return [];
  if (!change.after) {
    return [`<section id="detail-status" class="detail-status s-unknown" hx-swap-oob="true"><p>This integration was deleted.</p></section>`];
  }
  const parts = new Messages();
  parts.body(once(`detail:${change.id}`, () => toHtml(<DetailStatus tile={tileOf(change.after!, batch)} now={batch.now} oob jobs={jobsOf(change)} />)));
  if (view.liveChecks && change.checks.length > 0) {
    parts.own(
      once(`checks:${change.id}`, () =>
        toHtml(
          <tbody hx-swap-oob="afterbegin:#recent-checks-body">
            {[...change.checks].reverse().map((event) => (
              <CheckRow check={checkRecordOf(event)} now={batch.now} />
            ))}
          </tbody>,
        ),
      ),
    );
  }
  if (change.statusChanges.length > 0) {
    parts.own(
      once(`changes:${change.id}`, () =>
        toHtml(
          <tbody hx-swap-oob="afterbegin:#status-changes-body">
            {[...change.statusChanges].reverse().map((event) => (
              <StatusChangeRow change={{ from: event.from, to: event.to, at: new Date(event.at), cause: event.cause }} now={batch.now} />
            ))}
          </tbody>,
        ),
      ),
    );
    parts.body(once(`announce-detail:${change.id}`, () => announcement(view, { ...batch, changes: [change] })));
  }
  return parts.list();
}

function checkRecordOf(event: CheckCompletedEvent): CheckRecord {
  const at = new Date(event.at);
  return { id: event.resultId, startedAt: at, finishedAt: at, status: event.status, latencyMs: event.latencyMs, message: event.message, trigger: event.trigger };
}
