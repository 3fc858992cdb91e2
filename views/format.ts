/**
 * How numbers and times read on every page. Pure functions: the server renders with them and
 * public/live.js mirrors `relativeTime` so ticking text matches what the server first wrote.
 */

/** Uptime is truncated, never rounded up: 99.996 % must not read as "100.00%". */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  if (ratio >= 1) return '100%';
  return `${(Math.floor(ratio * 10_000) / 100).toFixed(2)}%`;
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago" (the same steps as public/live.js). */
export function relativeTime(at: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1_000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** "for 5 min", "for 3 h" — how long a status has held (no "ago"). */
export function duration(from: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1_000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** Absolute UTC time for tooltips and tables: "2026-11-28 18:05:09 UTC". */
export function absoluteTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Compact UTC time for history tables: "19:28:51 UTC" today, "11-27 19:28 UTC" before. */
export function shortTime(at: Date, now: Date): string {
  const iso = at.toISOString();
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 19)} UTC` : `${iso.slice(5, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Element ids derived from tags: injective (a.b and a_b stay apart) and safe in CSS selectors. */
export function tagDomId(tag: string): string {
  return tag.replace(/_/g, '__').replace(/\./g, '_d');
}
