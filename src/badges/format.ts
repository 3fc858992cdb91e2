/**
 * Turning numbers and user text into the short strings a badge shows. Pure.
 */

/** Longest label we render, in code points, ellipsis included. */
export const MAX_LABEL_LENGTH = 64;

// Characters XML 1.0 forbids (badge-maker escapes markup but not these, and one of them makes the
// whole SVG unparseable), plus bidi overrides that could make a label read as something else.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS_AND_TABS = /[\t\n\r]+/g;

/**
 * A caller-supplied label made safe to render: forbidden characters removed, whitespace folded,
 * and cut to MAX_LABEL_LENGTH code points with an ellipsis (code points, so an emoji is never
 * split into half a surrogate pair). Markup escaping is badge-maker's job, not ours.
 */
export function cleanLabel(raw: string): string {
  const text = raw.replace(LINE_BREAKS_AND_TABS, ' ').replace(XML_FORBIDDEN, '').replace(LONE_SURROGATE, '').trim();
  const codePoints = Array.from(text);
  if (codePoints.length <= MAX_LABEL_LENGTH) return text;
  return `${codePoints.slice(0, MAX_LABEL_LENGTH - 1).join('').trimEnd()}…`;
}

/**
 * Uptime as a percentage, rounded DOWN so 99.9996% never shows as "100%": two decimals from 99%
 * up (where the interesting differences are), one below. Returns the shown value too, so the
 * colour is chosen from what the reader sees.
 */
export function formatUptime(ratio: number): { percent: number; text: string } {
  const percent = Math.min(100, Math.max(0, ratio * 100));
  if (percent >= 100) return { percent: 100, text: '100%' };
  const decimals = percent >= 99 ? 2 : 1;
  const factor = 10 ** decimals;
  // The epsilon keeps binary noise (0.9995 * 100 = 99.94999…) from flooring a true 99.95 to 99.94.
  const shown = Math.floor(percent * factor + 1e-9) / factor;
  return { percent: shown, text: `${shown.toFixed(decimals)}%` };
}

/** "87 ms" below a second, then "1.2 s", then whole seconds from 10 s. */
export function formatLatency(ms: number): string {
  const rounded = Math.round(Math.max(0, ms));
  if (rounded < 1000) return `${rounded} ms`;
  const seconds = rounded / 1000;
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

/** "45 days", "1 day", "expires today", "expired". */
export function formatCertificateDays(days: number): string {
  const whole = Math.floor(days);
  if (whole < 0) return 'expired';
  if (whole === 0) return 'expires today';
  return whole === 1 ? '1 day' : `${whole} days`;
}
