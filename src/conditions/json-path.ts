/**
 * A deliberately small JSON-path subset for health assertions: `$`, `.name`, `['any key']`,
 * `["any key"]` and `[index]` (negative indexes count from the end). Filters, wildcards and
 * recursive descent are left out on purpose: an assertion should point at one value, and a
 * tiny grammar keeps error messages exact.
 */

export type JsonPathSegment = string | number;

export type JsonPathParse =
  | { ok: true; segments: JsonPathSegment[] }
  | { ok: false; error: string };

export type JsonPathLookup = { found: true; value: unknown } | { found: false };

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** Parses a path such as `$.data.items[0]['display name']` into its segments. */
export function parseJsonPath(path: string): JsonPathParse {
  if (!path.startsWith('$')) return { ok: false, error: `path must start with "$" (got "${path}")` };
  const segments: JsonPathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      const match = IDENTIFIER.exec(path.slice(i + 1));
      if (!match) return { ok: false, error: `expected a property name after "." at position ${i + 1}` };
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (char === '[') {
      const bracket = parseBracket(path, i);
      if (!bracket.ok) return bracket;
      segments.push(bracket.segment);
      i = bracket.next;
    } else {
      return { ok: false, error: `unexpected "${char}" at position ${i + 1}` };
    }
  }
  return { ok: true, segments };
}

type BracketParse = { ok: true; segment: JsonPathSegment; next: number } | { ok: false; error: string };

/** Parses `[12]`, `[-1]`, `['key']` or `["key"]` starting at the `[` at `start`. */
function parseBracket(path: string, start: number): BracketParse {
  const quote = path[start + 1];
  if (quote === "'" || quote === '"') {
    let key = '';
    let i = start + 2;
    while (i < path.length && path[i] !== quote) {
      // A backslash escapes the next character, so keys may contain quotes.
      if (path[i] === '\\' && i + 1 < path.length) i += 1;
      key += path[i];
      i += 1;
    }
    if (path[i] !== quote || path[i + 1] !== ']') {
      return { ok: false, error: `unterminated quoted key starting at position ${start + 1}` };
    }
    return { ok: true, segment: key, next: i + 2 };
  }
  const close = path.indexOf(']', start);
  const inner = close === -1 ? '' : path.slice(start + 1, close);
  if (!/^-?\d+$/.test(inner)) {
    return { ok: false, error: `expected an index or a quoted key inside [] at position ${start + 1}` };
  }
  return { ok: true, segment: Number(inner), next: close + 1 };
}

/** Follows parsed segments into a JSON value. Missing keys and out-of-range indexes are "not found". */
export function lookupJsonPath(root: unknown, segments: readonly JsonPathSegment[]): JsonPathLookup {
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return { found: false };
      const index = segment < 0 ? current.length + segment : segment;
      if (index < 0 || index >= current.length) return { found: false };
      current = current[index];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}
