/** Helpers for the badge tests that run against a real instance over HTTP. */
import type pg from 'pg';
import { badgeTitle, HEX } from '../badges/helpers.ts';
import { assertWellFormedSvg } from '../badges/xml-well-formed.ts';
import type { apiClient } from '../helpers/api.ts';

export { badgeTitle, HEX };

export type Api = ReturnType<typeof apiClient>;

export interface FetchedBadge {
  status: number;
  headers: Headers;
  body: string;
  /** "label: message" from the SVG's <title>. */
  title: string;
  /** Fill of the message half ("#4b0" for brightgreen …). */
  color: string;
}

/** The fill of the second rect of a flat badge: the message background. */
export function messageColor(svg: string): string {
  const fills = [...svg.matchAll(/<rect[^>]*\sfill="(#[0-9a-fA-F]{3,8})"/g)].map((match) => match[1]);
  const color = fills[1];
  if (!color) throw new Error(`no message colour in badge: ${svg.slice(0, 160)}`);
  return color;
}

/** GET a badge SVG and check it is well-formed before returning what it says. */
export async function getBadge(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<FetchedBadge> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const body = await response.text();
  if (response.status !== 200) return { status: response.status, headers: response.headers, body, title: '', color: '' };
  assertWellFormedSvg(body);
  return { status: response.status, headers: response.headers, body, title: badgeTitle(body), color: messageColor(body) };
}

export async function createHttpIntegration(
  api: Api,
  input: { slug: string; url: string; public: boolean; tags?: string[] },
): Promise<string> {
  const response = await api.post('/api/v1/integrations', { slug: input.slug, name: `Integration ${input.slug}`, kind: 'http', config: { url: input.url }, public: input.public, tags: input.tags ?? [] });
  if (response.status !== 201) throw new Error(`creating ${input.slug} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.integration.slug as string;
}

export async function lastCheckedAt(pool: pg.Pool, slug: string): Promise<Date | null> {
  const { rows } = await pool.query<{ last_checked_at: Date | null }>('SELECT last_checked_at FROM integrations WHERE slug = $1', [slug]);
  return rows[0]?.last_checked_at ?? null;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a badge every 50 ms until `accept(badge)` holds; returns the badge and the wall-clock
 * time (ms since epoch) of the response that first satisfied it.
 */
export async function pollBadge(
  baseUrl: string,
  path: string,
  accept: (badge: FetchedBadge) => boolean,
  timeoutMs = 15_000,
): Promise<{ badge: FetchedBadge; seenAt: number }> {
  const deadline = Date.now() + timeoutMs;
  let last: FetchedBadge | undefined;
  for (;;) {
    last = await getBadge(baseUrl, path);
    if (accept(last)) return { badge: last, seenAt: Date.now() };
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms polling ${path}; last: ${last.status} "${last.title}"`);
    await sleep(50);
  }
}

/**
 * Requests a manual check, then measures how long after the result was stored (its
 * `last_checked_at`, the check's finish time, which precedes the commit) the badge showed
 * `expectedTitle`. Both clocks are this machine's.
 */
export async function measureBadgeChange(
  options: { api: Api; pool: pg.Pool; badgeBaseUrl: string; slug: string; badgePath: string; expectedTitle: string },
): Promise<{ lagMs: number; badge: FetchedBadge }> {
  const before = await lastCheckedAt(options.pool, options.slug);
  const requested = await options.api.post(`/api/v1/integrations/${options.slug}/checks`);
  if (requested.status !== 202) throw new Error(`manual check answered ${requested.status}: ${JSON.stringify(requested.body)}`);
  const { badge, seenAt } = await pollBadge(options.badgeBaseUrl, options.badgePath, (b) => b.title === options.expectedTitle);
  const stored = await lastCheckedAt(options.pool, options.slug);
  if (!stored || (before && stored.getTime() === before.getTime())) throw new Error('the badge changed but no new result was stored');
  return { lagMs: seenAt - stored.getTime(), badge };
}
