/**
 * What a live page shows, as a value: the kind of page and its filters. The page route renders
 * with it, the page's WebSocket URL carries it, and the hub uses it to decide which updates a
 * page needs — so "is this integration on that page, and in which group" is answered in one place.
 */
import { tagSchema } from '../domain/integration-input.ts';
import { compareSeverity, statuses, type Status } from '../domain/status.ts';

export type PageView =
  | { kind: 'dashboard'; tag?: string; status?: Status }
  | { kind: 'board'; tag?: string }
  | { kind: 'detail'; slug: string; liveChecks: boolean }
  | { kind: 'embed'; slug: string };

export type QueryReader = (name: string) => string | undefined;

/** Unknown or malformed filter values are ignored (a stale bookmark still shows a page). */
export function readTag(query: QueryReader): string | undefined {
  const tag = query('tag')?.trim().toLowerCase();
  return tag && tagSchema.safeParse(tag).success ? tag : undefined;
}

export function readStatus(query: QueryReader): Status | undefined {
  const status = query('status');
  return statuses.find((known) => known === status);
}

export function readPageView(query: QueryReader): PageView | undefined {
  const slug = query('slug') ?? '';
  switch (query('view')) {
    case 'dashboard': {
      const tag = readTag(query);
      const status = readStatus(query);
      return { kind: 'dashboard', ...(tag ? { tag } : {}), ...(status ? { status } : {}) };
    }
    case 'board': {
      const tag = readTag(query);
      return { kind: 'board', ...(tag ? { tag } : {}) };
    }
    case 'detail':
      return slug ? { kind: 'detail', slug, liveChecks: query('checks') !== 'paged' } : undefined;
    default:
      return undefined;
  }
}

/**
 * The page's WebSocket URL; `renderedAt` lets the hub skip re-sending what the page already has.
 * Embeds have their own socket path under `/embed/`, which is public (they only ever carry
 * public integrations), while `/ws` is for signed-in pages and kiosk boards.
 */
export function pageSocketUrl(view: PageView, renderedAt: Date, linkToken?: string): string {
  if (view.kind === 'embed') return `/embed/${encodeURIComponent(view.slug)}/live?rendered=${renderedAt.getTime()}`;
  const params = new URLSearchParams({ view: view.kind });
  if (view.kind === 'dashboard' || view.kind === 'board') {
    if (view.tag) params.set('tag', view.tag);
    if (view.kind === 'dashboard' && view.status) params.set('status', view.status);
  } else {
    params.set('slug', view.slug);
    if (view.kind === 'detail' && !view.liveChecks) params.set('checks', 'paged');
  }
  params.set('rendered', String(renderedAt.getTime()));
  // A kiosk board opened with ?token= (wall screens cannot send headers) authenticates its socket the same way.
  if (linkToken) params.set('token', linkToken);
  return `/ws?${params.toString()}`;
}

/** One key per distinct view, so the hub renders an update once for all pages showing the same. */
export function viewKey(view: PageView): string {
  switch (view.kind) {
    case 'dashboard':
      return `dashboard|${view.tag ?? ''}|${view.status ?? ''}`;
    case 'board':
      return `board|${view.tag ?? ''}`;
    case 'detail':
      return `detail|${view.slug}|${view.liveChecks ? 'live' : 'paged'}`;
    case 'embed':
      return `embed|${view.slug}`;
  }
}

interface Listable {
  slug: string;
  name: string;
  tags: string[];
  status: Status;
}

/** Whether a list page (dashboard, board) shows this integration. */
export function listViewIncludes(view: PageView, row: Listable): boolean {
  if (view.kind !== 'dashboard' && view.kind !== 'board') return false;
  if (view.tag && !row.tags.includes(view.tag)) return false;
  if (view.kind === 'dashboard' && view.status && row.status !== view.status) return false;
  return true;
}

/** Dashboard groups: the filtered tag, else the integration's first tag, else "" (untagged). */
export function groupOf(view: PageView, row: Pick<Listable, 'tags'>): string {
  if (view.kind === 'dashboard' && view.tag) return view.tag;
  return row.tags[0] ?? '';
}

/**
 * Worst first, then by name. Rendered into `data-sort` too, so public/live.js can put a pushed
 * tile in its place by comparing strings — the rank is one digit, so string order is rank order.
 */
export function sortKey(row: Pick<Listable, 'status' | 'name'>): string {
  return `${statuses.indexOf(row.status)}:${row.name.toLowerCase()}`;
}

export function compareWorstFirst(a: Pick<Listable, 'status' | 'name'>, b: Pick<Listable, 'status' | 'name'>): number {
  return compareSeverity(a.status, b.status) || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);
}

export interface Group<T> {
  tag: string;
  rows: T[];
}

/** Groups in worst-first order of their worst member, then by tag; untagged last among equals. */
export function groupRows<T extends Listable>(view: PageView, rows: T[]): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const row of [...rows].sort(compareWorstFirst)) {
    const tag = groupOf(view, row);
    const list = groups.get(tag);
    if (list) list.push(row);
    else groups.set(tag, [row]);
  }
  return [...groups.entries()]
    .map(([tag, list]) => ({ tag, rows: list }))
    .sort((a, b) => compareSeverity(a.rows[0]!.status, b.rows[0]!.status) || groupName(a.tag).localeCompare(groupName(b.tag)));
}

/** Sort key of a group's name: untagged sorts after every tag. */
export function groupName(tag: string): string {
  return tag === '' ? '\uffff' : tag;
}

export type StatusCounts = Record<Status, number>;

export function countStatuses(rows: Iterable<{ status: Status }>): StatusCounts {
  const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as StatusCounts;
  for (const row of rows) counts[row.status] += 1;
  return counts;
}
