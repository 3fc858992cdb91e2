/**
 * The one HTTP helper for alert channels (webhook, Slack): same timeout, same classification of
 * answers into "done", "try again later" and "give up", same care with secrets.
 *
 * Webhook URLs are often secrets themselves (a Slack incoming webhook URL *is* its token), so an
 * error names only the host ("hooks.slack.com answered 404"), never the path or query.
 */
import { DeliveryError, redactSecrets } from './errors.ts';

export interface PostJsonOptions {
  headers?: Record<string, string>;
  /** Caller's cancellation (process shutdown). */
  signal?: AbortSignal;
  /** Budget for connect + request + reading the answer. */
  timeoutMs: number;
  /** Extra strings to scrub from error messages (e.g. a bearer token in a custom header). */
  redact?: readonly string[];
}

export interface PostJsonResponse {
  status: number;
  /** The start of the answer's body, for the delivery row (scrubbed, at most 200 characters). */
  bodySnippet: string;
}

const MAX_BODY_BYTES = 4096;
const MAX_SNIPPET_CHARS = 200;

/** Statuses worth retrying among 4xx: timeout, too early, rate limited. Every 5xx is retried. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * POSTs `jsonText` (already serialized, so a signature computed over it stays valid) and
 * resolves on 2xx. Throws `DeliveryError`: retryable for network errors, timeouts, 408/425/429
 * and 5xx; permanent for other 4xx, redirects (not followed: a redirected POST may turn into a
 * GET or carry the payload somewhere unexpected) and invalid URLs.
 */
export async function postJson(url: string, jsonText: string, options: PostJsonOptions): Promise<PostJsonResponse> {
  const target = parseTarget(url);
  const secrets = [...target.secretParts, ...(options.redact ?? [])];
  const safe = (text: string) => redactSecrets(text, secrets);

  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

  let response: Response;
  let body: string;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'IntegrationHealth/1', ...options.headers },
      body: jsonText,
      redirect: 'manual',
      signal,
    });
    body = await readBounded(response);
  } catch (error) {
    if (timeout.aborted) {
      throw new DeliveryError(`${target.host} did not answer within ${options.timeoutMs} ms`, { permanent: false });
    }
    if (options.signal?.aborted) {
      throw new DeliveryError(`delivery to ${target.host} was cancelled`, { permanent: false });
    }
    throw new DeliveryError(`could not reach ${target.host}: ${safe(networkReason(error))}`, { permanent: false });
  }

  const status = response.status;
  const bodySnippet = safe(snippet(body));
  if (status >= 200 && status < 300) return { status, bodySnippet };

  const said = bodySnippet ? `: ${bodySnippet}` : '';
  if (status >= 300 && status < 400) {
    throw new DeliveryError(`${target.host} answered ${status} (a redirect; redirects are not followed, configure the final URL)`, {
      permanent: true,
      status,
    });
  }
  const retryable = status >= 500 || RETRYABLE_4XX.has(status);
  const retryAfterSeconds = retryable ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  throw new DeliveryError(`${target.host} answered ${status}${said}`, {
    permanent: !retryable,
    status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** The host part of a URL, safe to show; "an invalid URL" when it does not parse. */
export function describeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

function parseTarget(url: string): { url: URL; host: string; secretParts: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DeliveryError('the configured URL is not a valid URL', { permanent: true });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DeliveryError(`the configured URL must use http or https, not ${parsed.protocol.replace(':', '')}`, { permanent: true });
  }
  if (parsed.username || parsed.password) {
    throw new DeliveryError('the configured URL must not contain credentials; send them in a header instead', { permanent: true });
  }
  return { url: parsed, host: parsed.host, secretParts: secretPartsOf(parsed) };
}

/**
 * The path, the query and each long path segment or query value: a peer that echoes only the
 * token part of `/services/T0/B0/token` must not leak it either.
 */
function secretPartsOf(url: URL): string[] {
  const parts = [url.pathname + url.search, url.search.slice(1)];
  for (const segment of url.pathname.split('/')) parts.push(segment, decodeURIComponentSafe(segment));
  for (const value of url.searchParams.values()) parts.push(value);
  // Longest first, so a whole path is replaced before one of its segments breaks it up.
  return parts.filter((part) => part.length >= 8).sort((a, b) => b.length - a.length);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Reads at most MAX_BODY_BYTES so a misbehaving peer cannot make us buffer megabytes. */
async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= MAX_BODY_BYTES) await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function snippet(body: string): string {
  const oneLine = body.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SNIPPET_CHARS ? `${oneLine.slice(0, MAX_SNIPPET_CHARS)}…` : oneLine;
}

/** fetch wraps the real cause ("ECONNREFUSED", "ENOTFOUND") in a generic "fetch failed". */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : 'unknown network error';
}

/** `Retry-After` is either seconds or an HTTP date; we keep seconds only when sane. */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.round(seconds), 86_400);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, Math.round((date - Date.now()) / 1000)), 86_400);
}
