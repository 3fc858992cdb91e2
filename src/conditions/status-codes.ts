/**
 * Expected HTTP status lists such as `["200-299", 301]`: single codes (number or string) and
 * inclusive ranges written "low-high".
 */

export type StatusSpecEntry = number | string;

export interface StatusRange {
  low: number;
  high: number;
}

export type StatusSpecParse = { ok: true; ranges: StatusRange[] } | { ok: false; error: string };

const ENTRY = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/;

/** Turns each entry into an inclusive range, or says which entry is malformed and why. */
export function parseStatusSpec(spec: readonly StatusSpecEntry[]): StatusSpecParse {
  const ranges: StatusRange[] = [];
  for (const entry of spec) {
    const match = ENTRY.exec(String(entry));
    if (!match) return { ok: false, error: `"${entry}" is not a status code or a range like 200-299` };
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low < 100 || high > 599) return { ok: false, error: `"${entry}" is outside 100-599` };
    if (low > high) return { ok: false, error: `"${entry}" has its bounds reversed` };
    ranges.push({ low, high });
  }
  return { ok: true, ranges };
}

export function statusMatches(code: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((range) => code >= range.low && code <= range.high);
}

/** Renders the spec the way a person wrote it, for messages: "200-299, 301". */
export function formatStatusSpec(ranges: readonly StatusRange[]): string {
  return ranges.map((r) => (r.low === r.high ? String(r.low) : `${r.low}-${r.high}`)).join(', ');
}
