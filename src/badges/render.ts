/**
 * BadgeContent + presentation → bytes. SVG through badge-maker (the shields.io renderer, which
 * escapes every text and attribute it writes); JSON in shields.io's endpoint schema.
 */
import { createHash } from 'node:crypto';
import { makeBadge } from 'badge-maker';
import type { BadgeContent, BadgeStyle, RenderedBadge } from './types.ts';

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** How a badge looks, independent of what it says. Colours are already canonical. */
export interface BadgePresentation {
  style?: BadgeStyle;
  labelColor?: string;
  /** shields.json only: simple-icons name passed as `namedLogo`. */
  logo?: string;
}

/** Strong ETag from the bytes: equal bytes ⇒ equal ETag, whichever path produced them. */
export function etagFor(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

export function renderSvg(content: BadgeContent, presentation: BadgePresentation): RenderedBadge {
  const body = makeBadge({
    label: content.label,
    message: content.message,
    color: content.color,
    style: presentation.style ?? 'flat',
    ...(presentation.labelColor ? { labelColor: presentation.labelColor } : {}),
  });
  return { body, contentType: SVG_CONTENT_TYPE, etag: etagFor(body) };
}

/** https://shields.io/badges/endpoint-badge — optional fields only when the caller gave them. */
export function renderShieldsJson(content: BadgeContent, presentation: BadgePresentation): RenderedBadge {
  const body = JSON.stringify({
    schemaVersion: 1,
    label: content.label,
    message: content.message,
    color: content.color,
    ...(presentation.labelColor ? { labelColor: presentation.labelColor } : {}),
    ...(presentation.style ? { style: presentation.style } : {}),
    ...(presentation.logo ? { namedLogo: presentation.logo } : {}),
  });
  return { body, contentType: JSON_CONTENT_TYPE, etag: etagFor(body) };
}
