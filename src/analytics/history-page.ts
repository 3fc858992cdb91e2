/**
 * One page of an integration's history, oldest first: raw results, or hourly/daily buckets with
 * uptime and percentiles. Buckets are whole UTC hours or days (the first starts at `from` rounded
 * down) and every bucket in the range is returned, empty ones with nulls, so charts get a regular
 * series. Buckets not rolled up yet (the current hour/day) are computed from raw rows, like any window.
 * Pages are addressed by an opaque cursor naming where the next page starts.
 */
import type pg from 'pg';
import { AppError } from '../http/errors.ts';
import { listRawHistory } from '../store/history.ts';
import type { Resolution } from '../domain/analytics-queries.ts';
import { windowHealth, type WindowHealth } from './index.ts';
import { dayMs, floorTo, hourMs } from './time.ts';
import { aggregateWindows } from './windows.ts';

export interface RawItem {
  id: number;
  startedAt: string;
  finishedAt: string;
  status: string;
  latencyMs: number | null;
  message: string;
  trigger: string;
}

export type BucketItem = { start: string; end: string } & Omit<WindowHealth, 'from' | 'to'>;

export interface HistoryPage {
  items: RawItem[] | BucketItem[];
  nextCursor: string | null;
}

interface Cursor {
  r: Resolution;
  t: number;
  id?: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, resolution: Resolution): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (value.r === resolution && Number.isFinite(value.t) && (value.id === undefined || Number.isInteger(value.id))) return value as Cursor;
  } catch {
    // fall through to the error below
  }
  throw new AppError('invalid_input', 'Invalid cursor: pass nextCursor from the previous page with the same resolution', { issues: [{ path: ['cursor'], message: 'is not a cursor of this resolution' }] });
}

export async function historyPage(
  pool: pg.Pool,
  integrationId: number,
  query: { resolution: Resolution; from: Date; to: Date; limit: number; cursor?: string | undefined },
): Promise<HistoryPage> {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.resolution);
  if (query.resolution === 'raw') {
    const after = cursor ? { startedAt: new Date(cursor.t), id: cursor.id ?? 0 } : undefined;
    const rows = await listRawHistory(pool, integrationId, query, { limit: query.limit, ...(after ? { after } : {}) });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({ ...row, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt.toISOString() })),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ r: 'raw', t: last.startedAt.getTime(), id: last.id }) : null,
    };
  }
  const unit = query.resolution === 'hour' ? hourMs : dayMs;
  const end = query.to.getTime();
  const rangeStart = floorTo(query.from.getTime(), unit);
  if (cursor && (cursor.t < rangeStart || cursor.t >= end)) {
    throw new AppError('invalid_input', 'The cursor lies outside from/to: pass the same from and to as for the first page', { issues: [{ path: ['cursor'], message: 'is outside the range' }] });
  }
  const first = cursor ? floorTo(cursor.t, unit) : rangeStart;
  const starts: number[] = [];
  for (let start = first; start < end && starts.length < query.limit; start += unit) starts.push(start);
  const windows = starts.map((start) => ({ from: start, to: Math.min(start + unit, end), histogram: true }));
  const perBucket = await aggregateWindows(pool, [integrationId], windows);
  const items: BucketItem[] = windows.map((window, index) => {
    const { from: _from, to: _to, ...health } = windowHealth(perBucket[index]!.get(integrationId)!, { from: new Date(window.from), to: new Date(window.to) });
    return { start: new Date(window.from).toISOString(), end: new Date(window.to).toISOString(), ...health };
  });
  const next = first + starts.length * unit;
  return { items, nextCursor: next < end ? encodeCursor({ r: query.resolution, t: next }) : null };
}
