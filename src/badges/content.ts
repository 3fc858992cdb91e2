/**
 * What each badge says (default label, message, colour) from plain values. Pure: no data source,
 * no rendering, so every rule here is a table test.
 */
import { certificateColor, latencyColor, NO_DATA_COLOR, STATUS_COLORS, uptimeColor } from './colors.ts';
import { formatCertificateDays, formatLatency, formatUptime } from './format.ts';
import type { BadgeMetric, BadgePercentile, BadgeStatus, BadgeWindow } from './types.ts';

/** Message and colour; the label comes from the query or `defaultLabel`. */
export interface BadgeValue {
  message: string;
  color: string;
}

export const DEFAULT_UPTIME_WINDOW: BadgeWindow = '30d';
export const DEFAULT_LATENCY_WINDOW: BadgeWindow = '24h';
export const DEFAULT_LATENCY_PERCENTILE: BadgePercentile = 95;

/** Shown when there is nothing to say, and for anything hidden (unknown or private). */
export const UNKNOWN_VALUE: BadgeValue = Object.freeze({ message: 'unknown', color: NO_DATA_COLOR });
/** Shown for a real, visible integration that has no uptime/latency data yet. */
export const NO_DATA_VALUE: BadgeValue = Object.freeze({ message: 'no data', color: NO_DATA_COLOR });

export function defaultLabel(metric: BadgeMetric, window?: BadgeWindow, p?: BadgePercentile): string {
  switch (metric) {
    case 'status':
      return 'status';
    case 'uptime':
      return `uptime ${window ?? DEFAULT_UPTIME_WINDOW}`;
    case 'latency':
      return `p${p ?? DEFAULT_LATENCY_PERCENTILE} ${window ?? DEFAULT_LATENCY_WINDOW}`;
    case 'cert':
      return 'certificate';
  }
}

export function statusValue(status: BadgeStatus): BadgeValue {
  return { message: status, color: STATUS_COLORS[status] };
}

export function uptimeValue(ratio: number | null): BadgeValue {
  if (ratio === null || !Number.isFinite(ratio)) return NO_DATA_VALUE;
  const { percent, text } = formatUptime(ratio);
  return { message: text, color: uptimeColor(percent) };
}

export function latencyValue(ms: number | null): BadgeValue {
  if (ms === null || !Number.isFinite(ms)) return NO_DATA_VALUE;
  return { message: formatLatency(ms), color: latencyColor(ms) };
}

/** No certificate (not a TLS integration, or not checked yet) reads as "unknown". */
export function certificateValue(days: number | null | undefined): BadgeValue {
  if (days === null || days === undefined || !Number.isFinite(days)) return UNKNOWN_VALUE;
  return { message: formatCertificateDays(days), color: certificateColor(Math.floor(days)) };
}
