/**
 * HTTP framing of a rendered badge: caching headers, conditional GET, and the headers that make
 * an SVG safe to embed from anywhere.
 */
import type { Context } from 'hono';
import type { InvalidQueryBody } from './query.ts';
import { SVG_CONTENT_TYPE } from './render.ts';
import type { RenderedBadge } from './types.ts';

// Opened directly in a tab, an SVG is a document: forbid scripts and loads, allow its own <style>.
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** RFC 9110: If-None-Match uses weak comparison, and `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || strip(tag) === strip(etag);
  });
}

export function badgeHeaders(rendered: RenderedBadge, maxAgeSeconds: number): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': rendered.contentType,
    'Cache-Control': `max-age=${maxAgeSeconds}, s-maxage=${maxAgeSeconds}`,
    ETag: rendered.etag,
    'Access-Control-Allow-Origin': '*',
    'X-Content-Type-Options': 'nosniff',
  };
  if (rendered.contentType === SVG_CONTENT_TYPE) headers['Content-Security-Policy'] = SVG_CSP;
  return headers;
}

/** 200 with the bytes, or 304 with the same headers when the client already has them. */
export function sendBadge(c: Context, rendered: RenderedBadge, maxAgeSeconds: number): Response {
  const headers = badgeHeaders(rendered, maxAgeSeconds);
  if (ifNoneMatchHits(c.req.header('If-None-Match'), rendered.etag)) return c.body(null, 304, headers);
  return c.body(rendered.body, 200, headers);
}

export function sendInvalidQuery(c: Context, body: InvalidQueryBody): Response {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'no-store');
  return c.json(body, 400);
}
