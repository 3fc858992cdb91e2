import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWindow, unionIntervals } from '../../src/analytics/plan.ts';

const t = (iso: string) => Date.parse(iso);
const show = (pieces: ReturnType<typeof planWindow>) => pieces.map((piece) => `${piece.source} ${new Date(piece.from).toISOString().slice(5, 16)}..${new Date(piece.to).toISOString().slice(5, 16)}`);

describe('splitting a window into raw, hourly and daily pieces', () => {
  const cases: { name: string; from: string; to: string; rolledUntil: string | null; expected: string[] }[] = [
    { name: 'no rollups yet: all raw', from: '2026-03-01T10:15:00Z', to: '2026-03-01T12:30:00Z', rolledUntil: null, expected: ['raw 03-01T10:15..03-01T12:30'] },
    {
      name: 'partial hours at the edges are raw, whole hours from rollups',
      from: '2026-03-01T10:15:00Z',
      to: '2026-03-01T12:30:00Z',
      rolledUntil: '2026-03-01T13:00:00Z',
      expected: ['raw 03-01T10:15..03-01T11:00', 'hourly 03-01T11:00..03-01T12:00', 'raw 03-01T12:00..03-01T12:30'],
    },
    {
      name: 'hours not rolled up yet are raw',
      from: '2026-03-01T10:00:00Z',
      to: '2026-03-01T14:00:00Z',
      rolledUntil: '2026-03-01T12:00:00Z',
      expected: ['hourly 03-01T10:00..03-01T12:00', 'raw 03-01T12:00..03-01T14:00'],
    },
    {
      name: 'whole days come from daily rows',
      from: '2026-03-01T22:30:00Z',
      to: '2026-03-04T02:10:00Z',
      rolledUntil: '2026-03-04T02:00:00Z',
      expected: ['raw 03-01T22:30..03-01T23:00', 'hourly 03-01T23:00..03-02T00:00', 'daily 03-02T00:00..03-04T00:00', 'hourly 03-04T00:00..03-04T02:00', 'raw 03-04T02:00..03-04T02:10'],
    },
    {
      name: 'a window inside one hour is raw',
      from: '2026-03-01T10:05:00Z',
      to: '2026-03-01T10:55:00Z',
      rolledUntil: '2026-03-02T00:00:00Z',
      expected: ['raw 03-01T10:05..03-01T10:55'],
    },
    {
      name: 'a partial newest row (the current hour up to its computed_at) is read from rollups',
      from: '2026-03-01T10:15:00Z',
      to: '2026-03-01T12:40:00Z',
      rolledUntil: '2026-03-01T12:33:00Z',
      expected: ['raw 03-01T10:15..03-01T11:00', 'hourly 03-01T11:00..03-01T12:33', 'raw 03-01T12:33..03-01T12:40'],
    },
    {
      name: 'a window ending inside the partial hour reads that hour raw',
      from: '2026-03-01T10:15:00Z',
      to: '2026-03-01T12:20:00Z',
      rolledUntil: '2026-03-01T12:33:00Z',
      expected: ['raw 03-01T10:15..03-01T11:00', 'hourly 03-01T11:00..03-01T12:00', 'raw 03-01T12:00..03-01T12:20'],
    },
    {
      name: 'a partial row just after midnight joins the daily rows before it',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-03T00:40:00Z',
      rolledUntil: '2026-03-03T00:31:00Z',
      expected: ['daily 03-01T00:00..03-03T00:00', 'hourly 03-03T00:00..03-03T00:31', 'raw 03-03T00:31..03-03T00:40'],
    },
    { name: 'an empty window has no pieces', from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:00:00Z', rolledUntil: null, expected: [] },
  ];
  for (const { name, from, to, rolledUntil, expected } of cases) {
    test(name, () => assert.deepEqual(show(planWindow(t(from), t(to), rolledUntil === null ? null : t(rolledUntil))), expected));
  }

  test('pieces cover the window exactly, without gaps or overlaps', () => {
    const from = t('2026-01-01T03:17:00Z');
    const to = t('2026-02-11T19:44:00Z');
    const pieces = planWindow(from, to, t('2026-02-11T18:00:00Z'));
    assert.equal(pieces[0]!.from, from);
    assert.equal(pieces.at(-1)!.to, to);
    for (let index = 1; index < pieces.length; index += 1) assert.equal(pieces[index]!.from, pieces[index - 1]!.to);
  });
});

describe('union of raw intervals', () => {
  test('overlapping and touching intervals merge; disjoint ones stay apart', () => {
    assert.deepEqual(unionIntervals([{ from: 5, to: 9 }, { from: 0, to: 3 }, { from: 3, to: 4 }, { from: 8, to: 12 }, { from: 20, to: 20 }]), [
      { from: 0, to: 4 },
      { from: 5, to: 12 },
    ]);
  });
});

describe('windows reaching past the raw retention', () => {
  test('start at the whole hour from the rollups instead of reading a partial hour raw', () => {
    const pieces = planWindow(t('2025-12-01T10:20:00Z'), t('2026-03-01T12:30:00Z'), t('2026-03-01T12:00:00Z'), t('2026-01-30T00:00:00Z'));
    assert.deepEqual(show(pieces).slice(0, 2), ['hourly 12-01T10:00..12-02T00:00', 'daily 12-02T00:00..03-01T00:00']);
  });

  test('windows inside the raw history keep their exact partial hour', () => {
    const pieces = planWindow(t('2026-01-30T10:20:00Z'), t('2026-03-01T12:30:00Z'), t('2026-03-01T12:00:00Z'), t('2026-01-30T00:00:00Z'));
    assert.equal(show(pieces)[0], 'raw 01-30T10:20..01-30T11:00');
  });
});
