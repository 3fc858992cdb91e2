/**
 * Verdicts on a parsed JSON body: `{ path, op, value }` assertions, each judged alone so the
 * message names exactly what differed, e.g. `$.status: expected "ok", got "fail"`.
 */
import { lookupJsonPath, parseJsonPath } from './json-path.ts';

export const JSON_ASSERTION_OPS = ['equals', 'contains', 'exists', 'lessThan', 'greaterThan'] as const;
export type JsonAssertionOp = (typeof JSON_ASSERTION_OPS)[number];

export interface JsonAssertion {
  path: string;
  op: JsonAssertionOp;
  /** Required for every op but `exists`, where `false` means "must be absent". */
  value?: unknown;
}

export type AssertionVerdict = { ok: true } | { ok: false; message: string };

/** Shows a value in a message: JSON-ish, and short enough for one line. */
export function formatValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Equality tolerant of type: forms send "200" where the body has 200, so a string compares
 * equal to a number or boolean with the same text. Objects and arrays compare structurally.
 */
export function looselyEquals(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(actual) && scalar(expected)) return String(actual) === String(expected);
  if (typeof actual === 'object' && typeof expected === 'object' && actual !== null && expected !== null) {
    return JSON.stringify(actual) === JSON.stringify(expected);
  }
  return false;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(expected));
  if (Array.isArray(actual)) return actual.some((item) => looselyEquals(item, expected));
  if (actual !== null && typeof actual === 'object') return Object.hasOwn(actual, String(expected));
  return false;
}

export function evaluateJsonAssertion(document: unknown, assertion: JsonAssertion): AssertionVerdict {
  const { path, op, value: expected } = assertion;
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return { ok: false, message: `${path}: invalid path (${parsed.error})` };
  const lookup = lookupJsonPath(document, parsed.segments);

  if (op === 'exists') {
    const wantPresent = expected !== false;
    if (lookup.found === wantPresent) return { ok: true };
    return lookup.found
      ? { ok: false, message: `${path}: expected to be absent, got ${formatValue(lookup.value)}` }
      : { ok: false, message: `${path}: not found` };
  }
  if (!lookup.found) return { ok: false, message: `${path}: not found` };
  const actual = lookup.value;
  const got = formatValue(actual);

  switch (op) {
    case 'equals':
      return looselyEquals(actual, expected)
        ? { ok: true }
        : { ok: false, message: `${path}: expected ${formatValue(expected)}, got ${got}` };
    case 'contains':
      return contains(actual, expected)
        ? { ok: true }
        : { ok: false, message: `${path}: expected to contain ${formatValue(expected)}, got ${got}` };
    case 'lessThan':
    case 'greaterThan': {
      const words = op === 'lessThan' ? 'less than' : 'greater than';
      const limit = toNumber(expected);
      if (limit === undefined) return { ok: false, message: `${path}: ${words} needs a numeric value, got ${formatValue(expected)}` };
      const n = toNumber(actual);
      if (n === undefined) return { ok: false, message: `${path}: expected a number ${words} ${limit}, got ${got}` };
      const passes = op === 'lessThan' ? n < limit : n > limit;
      return passes ? { ok: true } : { ok: false, message: `${path}: expected ${words} ${limit}, got ${got}` };
    }
  }
}

/** Evaluates every assertion and returns the failure messages, in order (empty = all passed). */
export function failedJsonAssertions(document: unknown, assertions: readonly JsonAssertion[]): string[] {
  const failures: string[] = [];
  for (const assertion of assertions) {
    const verdict = evaluateJsonAssertion(document, assertion);
    if (!verdict.ok) failures.push(verdict.message);
  }
  return failures;
}
