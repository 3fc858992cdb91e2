import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLatency, formatUptime, relativeTime, tagDomId } from '../../views/format.ts';
import { Sparkline } from '../../views/components/sparkline.tsx';
import { configEntries } from '../../views/components/config-list.tsx';
import { needsFullList, renderIncremental, type Batch, type Change } from '../../src/realtime/page-updates.tsx';
import { toHtml } from '../../src/realtime/page-messages.ts';
import { groupRows, readPageView, sortKey } from '../../src/realtime/page-views.ts';
import type { TileRow } from '../../src/store/dashboard.ts';

const now = new Date('2026-11-28T12:00:00Z');

function row(slug: string, status: TileRow['status'], tags: string[] = []): TileRow {
  return { id: slug.length * 1000 + slug.charCodeAt(0), slug, name: slug.toUpperCase(), kind: 'http', tags, isPublic: false, paused: false, status, statusSince: now, lastCheckedAt: now, lastLatencyMs: 50, lastMessage: null };
}

function batchOf(before: TileRow[], changes: { before?: TileRow; after?: TileRow }[]): Batch {
  const model = new Map(before.map((entry) => [entry.id, entry]));
  const list: Change[] = changes.map((change) => {
    const id = (change.after ?? change.before)!.id;
    if (change.after) model.set(id, change.after);
    else model.delete(id);
    return { id, before: change.before, after: change.after, checks: [], statusChanges: [] };
  });
  return { changes: list, model, stats: new Map(), now };
}

describe('formatting', () => {
  test('uptime is truncated, never rounded up to 100 %', () => {
    assert.equal(formatUptime(0.99996), '99.99%');
    assert.equal(formatUptime(1), '100%');
    assert.equal(formatUptime(null), '—');
  });

  test('latency reads in ms below a second and in seconds above', () => {
    assert.equal(formatLatency(87.4), '87 ms');
    assert.equal(formatLatency(2_500), '2.50 s');
    assert.equal(formatLatency(null), '—');
  });

  test('relative times step from seconds to days', () => {
    assert.equal(relativeTime(new Date(now.getTime() - 2_000), now), 'just now');
    assert.equal(relativeTime(new Date(now.getTime() - 42_000), now), '42 s ago');
    assert.equal(relativeTime(new Date(now.getTime() - 5 * 60_000), now), '5 min ago');
    assert.equal(relativeTime(new Date(now.getTime() - 3 * 86_400_000), now), '3 d ago');
  });

  test('tag ids stay distinct and selector-safe', () => {
    assert.notEqual(tagDomId('a.b'), tagDomId('a_b'));
    assert.match(tagDomId('eu.prod_1'), /^[a-z0-9_-]+$/);
  });
});

describe('the sparkline', () => {
  test('draws one bar per hour, failing hours full height, and describes itself in text', () => {
    const points = Array.from({ length: 24 }, (_, hour) => ({ hourStart: new Date(now.getTime() - (23 - hour) * 3_600_000), p50: 100 + hour, worst: hour === 20 ? ('down' as const) : ('up' as const) }));
    const svg = toHtml(<Sparkline points={points} />);
    assert.match(svg, /<path class="sp-down" d="M82 24v-24"><\/path>/);
    assert.equal((svg.match(/ 24v-/g) ?? []).length, 24);
    assert.match(svg, /<title>Last 24 h: 23 h up, 1 h with failures; typical latency 112 ms<\/title>/);
    const empty = toHtml(<Sparkline points={[]} />);
    assert.doesNotMatch(empty, / 24v-/);
    assert.match(empty, /Last 24 h: no checks/);
  });
});

describe('configuration display', () => {
  test('secret-looking keys, nested headers and URL passwords are masked; set secrets show as set', () => {
    const entries = configEntries({ url: 'https://bot:pa55@example.com/x', headers: { 'X-Api-Key': 'abc', Accept: 'json' }, method: 'GET', empty: {} }, ['token']);
    const text = JSON.stringify(entries);
    assert.doesNotMatch(text, /pa55|"abc"/);
    assert.deepEqual(
      entries.map((entry) => entry.key),
      ['headers', 'method', 'token', 'url'],
    );
    assert.equal(entries.find((entry) => entry.key === 'url')!.value, 'https://bot:••••••@example.com/x');
    assert.equal(entries.find((entry) => entry.key === 'token')!.value, '•••••• (set)');
  });
});

describe('page views', () => {
  test('a socket URL is read back into the same view; unknown views are refused', () => {
    const query = (params: string) => (name: string) => new URLSearchParams(params).get(name) ?? undefined;
    assert.deepEqual(readPageView(query('view=dashboard&tag=payments&status=down')), { kind: 'dashboard', tag: 'payments', status: 'down' });
    assert.deepEqual(readPageView(query('view=dashboard&tag=Bad Tag!&status=weird')), { kind: 'dashboard' });
    assert.deepEqual(readPageView(query('view=detail&slug=crm&checks=paged')), { kind: 'detail', slug: 'crm', liveChecks: false });
    assert.equal(readPageView(query('view=admin')), undefined);
  });

  test('groups come worst first, rows worst first then by name, untagged last among equals', () => {
    const groups = groupRows({ kind: 'dashboard' }, [row('b', 'up', ['zeta']), row('a', 'up'), row('c', 'down', ['zeta']), row('d', 'up', ['alpha'])]);
    assert.deepEqual(
      groups.map((group) => [group.tag, group.rows.map((entry) => entry.slug)]),
      [
        ['zeta', ['c', 'b']],
        ['alpha', ['d']],
        ['', ['a']],
      ],
    );
    assert.ok(sortKey(row('x', 'down')) < sortKey(row('a', 'up')));
  });
});

describe('incremental page updates', () => {
  const dashboard = { kind: 'dashboard' as const };
  const downOnly = { kind: 'dashboard' as const, status: 'down' as const };

  test('a row that stays on the page is replaced in place, with its group heading and the counts', () => {
    const before = row('api', 'up', ['core']);
    const messages = renderIncremental(dashboard, batchOf([before], [{ before, after: { ...before, status: 'down' } }]), new Map());
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /^<tr id="tile-api" class="tile s-down"[^>]*hx-swap-oob="true"/);
    assert.match(messages[1]!, /id="group-core-head"[^>]*hx-swap-oob="true"/);
    assert.match(messages[1]!, /id="summary"/);
  });

  test('a row that leaves a filtered page is deleted, and its emptied group too', () => {
    const before = row('api', 'down', ['core']);
    const messages = renderIncremental(downOnly, batchOf([before], [{ before, after: { ...before, status: 'up' } }]), new Map());
    assert.match(messages[0]!, /^<tr id="tile-api" hx-swap-oob="delete"><\/tr>$/);
    assert.match(messages[1]!, /<section id="group-core" hx-swap-oob="delete"><\/section>/);
  });

  test('a row that joins a shown group is appended to it; one that needs a new group asks for the whole list', () => {
    const shown = row('db', 'down', ['core']);
    const joining = row('api', 'up', ['core']);
    const append = batchOf([shown, joining], [{ before: joining, after: { ...joining, status: 'down' } }]);
    assert.equal(needsFullList(downOnly, append), false);
    assert.match(renderIncremental(downOnly, append, new Map())[0]!, /^<tbody hx-swap-oob="beforeend:#group-core-rows"><tr id="tile-api"/);
    const lonely = row('mail', 'up', ['messaging']);
    assert.equal(needsFullList(downOnly, batchOf([shown, lonely], [{ before: lonely, after: { ...lonely, status: 'down' } }])), true);
  });

  test('the board replaces, removes and appends tiles in one message', () => {
    const a = row('a', 'up');
    const b = row('b', 'up');
    const c = row('c', 'up', ['other']);
    const messages = renderIncremental({ kind: 'board' }, batchOf([a, b], [{ before: a, after: { ...a, status: 'down' } }, { before: b }, { after: c }]), new Map());
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /<div id="btile-a" class="btile s-down just-down"/);
    assert.match(messages[0]!, /<div id="btile-b" hx-swap-oob="delete"><\/div>/);
    assert.match(messages[0]!, /<div hx-swap-oob="beforeend:#board-grid"><div id="btile-c"/);
  });

  test('one render serves every page with the same view (the memo is shared)', () => {
    const before = row('api', 'up');
    const batch = batchOf([before], [{ before, after: { ...before, status: 'degraded' } }]);
    const memo = new Map<string, string>();
    const first = renderIncremental(dashboard, batch, memo);
    const size = memo.size;
    const second = renderIncremental(dashboard, batch, memo);
    assert.deepEqual(second, first);
    assert.equal(memo.size, size);
  });
});
