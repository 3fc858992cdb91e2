/**
 * Colour scales and colour-override validation. Scales are plain exported tables so the README,
 * the detail page and the tests can show or check the same thresholds.
 */
import type { BadgeStatus } from './types.ts';

/** Shields' named colours (badge-maker's list) — canonical names only. */
export const SHIELDS_COLOR_NAMES = [
  'brightgreen',
  'green',
  'yellowgreen',
  'yellow',
  'orange',
  'red',
  'blue',
  'lightgrey',
  'grey',
] as const;
export type ShieldsColorName = (typeof SHIELDS_COLOR_NAMES)[number];

/** Aliases shields accepts, mapped to their canonical name so equal colours share a cache entry. */
export const SHIELDS_COLOR_ALIASES: Readonly<Record<string, ShieldsColorName>> = {
  gray: 'grey',
  lightgray: 'lightgrey',
  success: 'brightgreen',
  important: 'orange',
  critical: 'red',
  informational: 'blue',
  inactive: 'lightgrey',
};

/** Grey for "we have nothing to say": unknown, hidden, no data yet. */
export const NO_DATA_COLOR: ShieldsColorName = 'lightgrey';

export const STATUS_COLORS: Readonly<Record<BadgeStatus, ShieldsColorName>> = {
  up: 'brightgreen',
  degraded: 'yellow',
  down: 'red',
  maintenance: 'blue',
  paused: 'lightgrey',
  unknown: 'lightgrey',
};

/** Uptime in percent: the first row whose `min` the value reaches wins. */
export const UPTIME_COLOR_THRESHOLDS: ReadonlyArray<{ min: number; color: ShieldsColorName }> = [
  { min: 99.9, color: 'brightgreen' },
  { min: 99, color: 'green' },
  { min: 97, color: 'yellowgreen' },
  { min: 95, color: 'yellow' },
  { min: 90, color: 'orange' },
  { min: -Infinity, color: 'red' },
];

/** Latency in milliseconds: the first row whose `max` the value does not exceed wins. */
export const LATENCY_COLOR_THRESHOLDS: ReadonlyArray<{ max: number; color: ShieldsColorName }> = [
  { max: 200, color: 'brightgreen' },
  { max: 500, color: 'green' },
  { max: 1000, color: 'yellowgreen' },
  { max: 2000, color: 'yellow' },
  { max: 5000, color: 'orange' },
  { max: Infinity, color: 'red' },
];

/** Days until certificate expiry: the first row whose `min` the value reaches wins. */
export const CERTIFICATE_COLOR_THRESHOLDS: ReadonlyArray<{ min: number; color: ShieldsColorName }> = [
  { min: 30, color: 'brightgreen' },
  { min: 14, color: 'yellowgreen' },
  { min: 7, color: 'yellow' },
  { min: 1, color: 'orange' },
  { min: -Infinity, color: 'red' },
];

export function uptimeColor(percent: number): ShieldsColorName {
  return UPTIME_COLOR_THRESHOLDS.find((row) => percent >= row.min)?.color ?? 'red';
}

export function latencyColor(ms: number): ShieldsColorName {
  return LATENCY_COLOR_THRESHOLDS.find((row) => ms <= row.max)?.color ?? 'red';
}

export function certificateColor(days: number): ShieldsColorName {
  return CERTIFICATE_COLOR_THRESHOLDS.find((row) => days >= row.min)?.color ?? 'red';
}

const HEX_COLOR = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
const canonicalNames = new Set<string>(SHIELDS_COLOR_NAMES);

/** The message a 400 gives for a colour we do not accept. */
export const COLOR_RULE = `must be a shields colour name (${SHIELDS_COLOR_NAMES.join(', ')}) or a hex colour like #4c1 or 44cc11`;

/**
 * A user-supplied colour in canonical form (`gray` → `grey`, `ABC` → `#abc`), or undefined when
 * it is neither a shields name nor a hex colour. Arbitrary CSS (`url(...)`, `rgb(...)`) is
 * refused on purpose: it ends up inside SVG attributes and is not worth the risk.
 */
export function normalizeBadgeColor(input: string): string | undefined {
  const value = input.trim().toLowerCase();
  if (canonicalNames.has(value)) return value;
  const alias = SHIELDS_COLOR_ALIASES[value];
  if (alias) return alias;
  const hex = HEX_COLOR.exec(value);
  return hex ? `#${hex[1]}` : undefined;
}
