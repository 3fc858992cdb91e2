/**
 * Copy-ready badge URLs and embed snippets for an integration's detail page. Private
 * integrations get signed URLs; public ones get plain URLs, so making an integration private
 * later turns its old public embeds grey (which is what making it private means).
 */
import { defaultLabel } from './content.ts';
import { signBadge } from './signing.ts';
import { BADGE_METRICS, type BadgeMetric } from './types.ts';

export interface BadgeUrlOptions {
  /** Public origin of the server, e.g. "https://health.example.com" (a path prefix is kept). */
  baseUrl: string;
  slug: string;
  /** The integration's public flag: false → URLs carry a `sig`. */
  isPublic: boolean;
  secretKey: string;
  /** Where the badge router is mounted. Default "/badge". */
  mountPath?: string;
}

export interface BadgeSnippet {
  metric: BadgeMetric;
  /** The default label, also used as alt text (never the integration's name). */
  label: string;
  /** Direct SVG URL. */
  svgUrl: string;
  /** Our shields.io endpoint JSON URL. */
  shieldsJsonUrl: string;
  /** img.shields.io URL that renders our endpoint (for people who prefer shields' CDN). */
  shieldsUrl: string;
  /** `![status](svgUrl)` */
  markdown: string;
  /** `<img src="…" alt="status">` with attribute values escaped. */
  html: string;
}

function escapeHtmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function svgFileName(metric: BadgeMetric): string {
  return `${metric}.svg`;
}

/** Badge URLs and snippets for every metric, in BADGE_METRICS order. */
export function badgeUrls(options: BadgeUrlOptions): BadgeSnippet[] {
  const base = `${options.baseUrl.replace(/\/+$/, '')}${(options.mountPath ?? '/badge').replace(/\/+$/, '')}`;
  const slugPath = `${base}/${encodeURIComponent(options.slug)}`;
  return BADGE_METRICS.map((metric) => {
    const sig = options.isPublic ? undefined : signBadge(options.secretKey, options.slug, metric);
    const sigQuery = sig ? `sig=${sig}` : '';
    const svgUrl = `${slugPath}/${svgFileName(metric)}${sigQuery ? `?${sigQuery}` : ''}`;
    const shieldsJsonUrl = `${slugPath}/shields.json?metric=${metric}${sigQuery ? `&${sigQuery}` : ''}`;
    const label = defaultLabel(metric);
    return {
      metric,
      label,
      svgUrl,
      shieldsJsonUrl,
      shieldsUrl: `https://img.shields.io/endpoint?url=${encodeURIComponent(shieldsJsonUrl)}`,
      // Parentheses in the URL would end a Markdown link early; encodeURIComponent leaves them.
      markdown: `![${label}](${svgUrl.replace(/\(/g, '%28').replace(/\)/g, '%29')})`,
      html: `<img src="${escapeHtmlAttribute(svgUrl)}" alt="${escapeHtmlAttribute(label)}">`,
    };
  });
}
