/**
 * Removes secret values from text a check produced, before it is stored. A target that answers
 * `{"msg":"invalid token: abc…"}` to `Authorization: Bearer abc…` does not quote the header
 * value we hold: it quotes a part of it, maybe lower-cased, URL-encoded, JSON-escaped or
 * base64-decoded. So each secret is expanded into its meaningful parts (`secretParts`), each
 * part into the forms a server may echo it in (`echoForms`), and all of them are matched in one
 * case-insensitive pattern.
 *
 * Values shorter than MIN_SECRET_LENGTH are not redacted. A 1–3 character value ("a", "42",
 * "dev") occurs by chance in nearly every message — redacting it would shred the text of every
 * result and, being that short, it protects nothing anyone could not guess. From four characters
 * a chance hit is rare enough, and four is also where the alert channels' redaction starts.
 */

export const MIN_SECRET_LENGTH = 4;
export const REDACTED = '[redacted]';

/** Scheme words that precede a credential in a header value ("Bearer abc", "token abc", "Basic …"). */
const SCHEMED = /^([A-Za-z][A-Za-z0-9._~+-]*)\s+(\S(?:.*\S)?)\s*$/s;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Query parameter names that hold credentials in a connection string or URL. */
const CREDENTIAL_PARAM = /pass|pwd|secret|token|key|sig|auth|credential|session/i;

export interface Redactor {
  /** Adds values learned while the check ran (a refreshed OAuth access or refresh token). */
  learn(values: Iterable<string>): void;
  text(text: string): string;
  /** A JSON-compatible value (details) with every string — keys included — redacted. */
  json(value: unknown): unknown;
}

export function createRedactor(secrets: Iterable<string> = []): Redactor {
  const forms = new Map<string, string>();
  let pattern: RegExp | null = null;
  let lowered: string[] = [];
  const learn = (values: Iterable<string>) => {
    for (const value of values) {
      for (const part of secretParts(value)) {
        for (const form of echoForms(part)) if (form.length >= MIN_SECRET_LENGTH) forms.set(form.toLowerCase(), form);
      }
    }
    pattern = buildPattern([...forms.values()]);
    lowered = [...forms.keys()];
  };
  learn(secrets);
  const text = (input: string) => {
    if (!pattern) return input;
    return redactCutOff(input.replace(pattern, REDACTED), lowered);
  };
  const json = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), json(item)]));
    return value;
  };
  return { learn, text, json };
}

/**
 * The value and the pieces of it that are secret on their own: the credential after a scheme
 * word, the user:password inside a Basic credential and each half, the password and credential
 * query parameters of a URL.
 */
export function secretParts(value: string): string[] {
  const parts = new Set<string>();
  const add = (part: string | undefined) => {
    if (part && part.length >= MIN_SECRET_LENGTH) parts.add(part);
  };
  add(value);
  add(value.trim());
  const schemed = SCHEMED.exec(value);
  if (schemed) {
    const credential = schemed[2]!;
    add(credential);
    if (schemed[1]!.toLowerCase() === 'basic') for (const piece of basicParts(credential)) add(piece);
  }
  for (const piece of urlParts(value)) add(piece);
  return [...parts];
}

/** user:password, user and password of a Basic credential, when it decodes to one. */
function basicParts(credential: string): string[] {
  if (!BASE64.test(credential)) return [];
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  // Only a clean round trip counts: anything else was not base64 of text.
  if (Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') !== credential.replace(/=+$/, '')) return [];
  const colon = decoded.indexOf(':');
  if (colon < 0) return [decoded];
  return [decoded, decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function urlParts(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || !URL.canParse(value)) return [];
  const url = new URL(value);
  const parts: string[] = [];
  if (url.password) {
    const password = safeDecode(url.password);
    parts.push(url.password, password, `${safeDecode(url.username)}:${password}`);
  }
  for (const [name, param] of url.searchParams) if (CREDENTIAL_PARAM.test(name)) parts.push(param);
  return parts;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * How a server may write a part back: as is, URL-encoded (path or form style), JSON-escaped
 * (with or without `\/` and `\uXXXX` for non-ASCII) and HTML-escaped. Lower- or upper-casing is
 * covered by matching without regard to case, which also covers `%2f` against `%2F`.
 */
export function echoForms(part: string): string[] {
  const json = JSON.stringify(part).slice(1, -1);
  return [
    part,
    encodeURIComponent(part),
    new URLSearchParams({ v: part }).toString().slice(2),
    json,
    json.replaceAll('/', '\\/'),
    json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
    part.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`),
    part.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!),
  ];
}

/** Longest forms first, so a whole value wins over its parts at the same place. */
function buildPattern(forms: string[]): RegExp | null {
  if (forms.length === 0) return null;
  return new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
}

/**
 * A kind that shortens a quoted value ("…got \"invalid token: abc12...") leaves the start of a
 * secret right before "...", "…" or the end of the text. Such a cut-off start is redacted too
 * when it holds at least half of the form, so a short common prefix of a secret is left alone.
 */
function redactCutOff(text: string, forms: readonly string[]): string {
  const lower = lowerKeepingLength(text);
  const ends = new Set<number>([text.length]);
  for (const marker of ['...', '…']) for (let at = lower.indexOf(marker); at >= 0; at = lower.indexOf(marker, at + 1)) ends.add(at);
  const cuts: { from: number; to: number }[] = [];
  for (const end of ends) {
    let longest = 0;
    for (const form of forms) {
      const keep = Math.max(MIN_SECRET_LENGTH, Math.ceil(form.length / 2));
      for (let length = Math.min(form.length - 1, end); length >= keep && length > longest; length -= 1) {
        if (lower.startsWith(form.slice(0, length), end - length)) longest = length;
      }
    }
    if (longest > 0) cuts.push({ from: end - longest, to: end });
  }
  if (cuts.length === 0) return text;
  // Merge overlapping cuts, then replace from the back so earlier offsets stay valid.
  cuts.sort((a, b) => a.from - b.from);
  const merged = [cuts[0]!];
  for (const cut of cuts.slice(1)) {
    const last = merged.at(-1)!;
    if (cut.from <= last.to) last.to = Math.max(last.to, cut.to);
    else merged.push(cut);
  }
  let result = text;
  for (const cut of merged.reverse()) result = `${result.slice(0, cut.from)}${REDACTED}${result.slice(cut.to)}`;
  return result;
}

/** Lower case, unit for unit: a character whose lower case is longer ("İ") stays as it is. */
function lowerKeepingLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  return Array.from(text, (char) => {
    const small = char.toLowerCase();
    return small.length === char.length ? small : char;
  }).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
