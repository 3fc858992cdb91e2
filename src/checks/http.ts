/**
 * `http` check: one request (following redirects by hand so the limit is exact), then pure
 * verdicts from src/conditions on the status, body keywords, JSON assertions and latency.
 */
import { z } from 'zod';
import { failedJsonAssertions, JSON_ASSERTION_OPS } from '../conditions/json-assertions.ts';
import { parseJsonPath } from '../conditions/json-path.ts';
import { keywordFailure } from '../conditions/keywords.ts';
import { slowResponseMessage } from '../conditions/latency.ts';
import { formatStatusSpec, parseStatusSpec, statusMatches } from '../conditions/status-codes.ts';
import { describeNetworkError, redactSecrets } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

/** Enough for any health or status endpoint; bigger bodies are cut so a check cannot eat memory. */
export const MAX_BODY_BYTES = 1024 * 1024;
const USER_AGENT = 'IntegrationHealth/0.1 (health check)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

const headerRecord = (what: string) =>
  z.record(z.string(), z.string()).default({}).superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      // Name the header, never echo its value: secret headers go through here too.
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `${what} "${name}" is not a valid header name` });
      else if (!HEADER_VALUE.test(value)) ctx.addIssue({ code: 'custom', message: `${what} "${name}" contains a line break` });
    }
  });

const jsonAssertionSchema = z
  .object({
    path: z.string().min(1).describe('JSON path into the response body, e.g. $.status or $.items[0][\'display name\']'),
    op: z.enum(JSON_ASSERTION_OPS).describe('equals, contains (substring, array item or key), exists, lessThan, greaterThan'),
    value: z
      .union([z.string(), z.number(), z.boolean(), z.null()])
      .optional()
      .describe('Value to compare with; for exists, false means the path must be absent'),
  })
  .superRefine((assertion, ctx) => {
    const parsed = parseJsonPath(assertion.path);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['path'], message: parsed.error });
    if (assertion.op !== 'exists' && assertion.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${assertion.op} needs a value` });
    }
  });

export const httpConfigSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).describe('Address to request (http or https)'),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').describe('HTTP method'),
    headers: headerRecord('header').describe('Request headers (not secret: shown in the config)'),
    secretHeaders: headerRecord('secret header').describe(
      'Headers holding credentials, e.g. Authorization or X-Api-Key: stored encrypted, merged into the request, dropped on redirects to another origin',
    ),
    basicAuthUser: z.string().optional().describe('User name for HTTP Basic authentication'),
    basicAuthPassword: z.string().optional().describe('Password for HTTP Basic authentication (stored encrypted)'),
    body: z.string().optional().describe('Request body (not allowed with GET or HEAD)'),
    expectedStatus: z
      .array(z.union([z.number().int(), z.string()]))
      .min(1)
      .default(['200-299'])
      .superRefine((spec, ctx) => {
        const parsed = parseStatusSpec(spec);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
      })
      .describe('Accepted status codes and ranges, e.g. ["200-299", 301]'),
    keyword: z.string().optional().describe('Text that must appear in the response body (case-sensitive)'),
    absentKeyword: z.string().optional().describe('Text that must not appear in the response body (case-sensitive)'),
    jsonAssertions: z.array(jsonAssertionSchema).default([]).describe('Assertions on the JSON response body'),
    maxRedirects: z.number().int().min(0).max(20).default(5).describe('Redirects to follow (0 = judge the redirect response itself)'),
    degradedAboveMs: z.number().int().positive().optional().describe('Report degraded when the request takes longer than this many milliseconds'),
  })
  .superRefine((config, ctx) => {
    if (config.body !== undefined && (config.method === 'GET' || config.method === 'HEAD')) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: `a ${config.method} request cannot have a body` });
    }
    if (config.basicAuthPassword !== undefined && config.basicAuthUser === undefined) {
      ctx.addIssue({ code: 'custom', path: ['basicAuthUser'], message: 'basic authentication needs a user name' });
    }
    // Credentials inside the URL would be stored in clear and shown; fetch refuses them anyway.
    if (URL.canParse(config.url)) {
      const url = new URL(config.url);
      if (url.username || url.password) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'put credentials in basicAuthUser/basicAuthPassword, not in the URL' });
      }
    }
  });

export type HttpConfig = z.output<typeof httpConfigSchema>;

interface FinalResponse {
  response: Response;
  url: URL;
  redirects: number;
}

type RequestOutcome = FinalResponse | { tooManyRedirects: true; url: URL; redirects: number };

function basicAuthToken(config: HttpConfig): string | undefined {
  if (config.basicAuthUser === undefined) return undefined;
  return Buffer.from(`${config.basicAuthUser}:${config.basicAuthPassword ?? ''}`).toString('base64');
}

/** Every secret value this config could put into text, for the final redaction pass. */
function secretValues(config: HttpConfig): string[] {
  const token = basicAuthToken(config);
  return [...Object.values(config.secretHeaders), config.basicAuthPassword ?? '', token ?? ''];
}

function buildHeaders(config: HttpConfig, withCredentials: boolean): Headers {
  const headers = new Headers({ 'user-agent': USER_AGENT });
  const entries = Object.entries(config.headers);
  if (withCredentials) {
    entries.push(...Object.entries(config.secretHeaders));
    const token = basicAuthToken(config);
    if (token !== undefined) entries.push(['authorization', `Basic ${token}`]);
  }
  for (const [name, value] of entries) {
    try {
      headers.set(name, value);
    } catch {
      throw new Error(`Header "${name}" has an invalid name or value`);
    }
  }
  return headers;
}

/** Names the endpoint being talked to in error messages (the current hop, after redirects). */
function errorContext(url: URL, ctx: CheckContext) {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
}

/**
 * Sends the request and follows redirects itself (fetch's own following hides the count and
 * would forward credentials). Credentials go only to the configured origin.
 */
async function sendFollowingRedirects(config: HttpConfig, ctx: CheckContext): Promise<RequestOutcome> {
  const origin = new URL(config.url).origin;
  let url = new URL(config.url);
  let method: string = config.method;
  let body = config.body;
  for (let redirects = 0; ; redirects += 1) {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: buildHeaders(config, url.origin === origin),
        body,
        redirect: 'manual',
        signal: ctx.signal,
      });
    } catch (err) {
      throw new Error(describeNetworkError(err, errorContext(url, ctx)));
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null || config.maxRedirects === 0) {
      return { response, url, redirects };
    }
    await response.body?.cancel();
    if (redirects >= config.maxRedirects) return { tooManyRedirects: true, url, redirects };
    const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
    if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
      throw new Error(`HTTP ${response.status} redirects to an unusable location`);
    }
    // As browsers do: 303 always becomes GET, and 301/302 turn a POST into GET.
    if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

interface BodyRead {
  text: string;
  bytes: number;
  truncated: boolean;
}

/** Reads at most MAX_BODY_BYTES, then cancels the stream so the rest is never downloaded. */
async function readLimitedBody(response: Response, url: URL, ctx: CheckContext): Promise<BodyRead> {
  if (!response.body) return { text: '', bytes: 0, truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = MAX_BODY_BYTES - bytes;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      bytes += Math.min(value.byteLength, room);
      if (value.byteLength >= room) {
        truncated = value.byteLength > room || !(await reader.read()).done;
        break;
      }
    }
  } catch (err) {
    throw new Error(describeNetworkError(err, errorContext(url, ctx)));
  } finally {
    await reader.cancel().catch(() => {});
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes, truncated };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

interface Verdict {
  status: Observation['status'];
  message: string;
  failedAssertions?: string[];
}

/** Applies the conditions in order of severity; the first failure names the observation. */
function judge(config: HttpConfig, statusCode: number, body: BodyRead, contentType: string | null, latencyMs: number): Verdict {
  const expected = parseStatusSpec(config.expectedStatus);
  // The schema already rejected malformed specs; this keeps the type honest.
  if (!expected.ok) return { status: 'down', message: `expected status: ${expected.error}` };
  if (!statusMatches(statusCode, expected.ranges)) {
    return { status: 'down', message: `HTTP ${statusCode} (expected ${formatStatusSpec(expected.ranges)})` };
  }
  const keywordProblem = keywordFailure(body.text, { present: config.keyword, absent: config.absentKeyword }, body.truncated);
  if (keywordProblem) return { status: 'down', message: keywordProblem };
  if (config.jsonAssertions.length > 0) {
    const json = parseJson(body.text);
    if (!json.ok) {
      const why = body.truncated ? 'larger than the 1 MB read limit' : `content-type ${contentType ?? 'not given'}`;
      return { status: 'down', message: `response body is not valid JSON (${why})` };
    }
    const failures = failedJsonAssertions(json.value, config.jsonAssertions);
    if (failures.length > 0) {
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
      return { status: 'down', message: `${failures[0]}${more}`, failedAssertions: failures };
    }
  }
  const slow = slowResponseMessage(latencyMs, config.degradedAboveMs);
  if (slow) return { status: 'degraded', message: `HTTP ${statusCode}, ${slow}` };
  return { status: 'up', message: `HTTP ${statusCode} in ${latencyMs} ms` };
}

async function runHttpCheck(config: HttpConfig, ctx: CheckContext): Promise<Observation> {
  const secrets = secretValues(config);
  const started = performance.now();
  try {
    const outcome = await sendFollowingRedirects(config, ctx);
    if ('tooManyRedirects' in outcome) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        message: `too many redirects (limit ${config.maxRedirects})`,
        details: { method: config.method, lastUrl: redactSecrets(outcome.url.href, secrets), redirects: outcome.redirects },
      };
    }
    const { response, url, redirects } = outcome;
    const body = await readLimitedBody(response, url, ctx);
    const latencyMs = Math.round(performance.now() - started);
    const contentType = response.headers.get('content-type');
    const verdict = judge(config, response.status, body, contentType, latencyMs);
    return {
      status: verdict.status,
      latencyMs,
      message: redactSecrets(verdict.message, secrets),
      details: {
        method: config.method,
        statusCode: response.status,
        finalUrl: redactSecrets(url.href, secrets),
        redirects,
        bytes: body.bytes,
        ...(body.truncated ? { truncated: true } : {}),
        contentType,
        ...(verdict.failedAssertions ? { failedAssertions: verdict.failedAssertions.map((f) => redactSecrets(f, secrets)) } : {}),
      },
    };
  } catch (err) {
    throw new Error(redactSecrets(err instanceof Error ? err.message : String(err), secrets));
  }
}

export const httpCheck = defineCheckKind({
  name: 'http',
  description: 'Request a URL and judge the status code, body keywords, JSON fields and response time',
  configSchema: httpConfigSchema,
  secretFields: ['secretHeaders', 'basicAuthPassword'],
  // The user name alone is not secret; with the password it is, and so is its base64.
  derivedSecrets: (config) => (config.basicAuthPassword ? [basicAuthToken(config)!, `${config.basicAuthUser}:${config.basicAuthPassword}`] : []),
  run: runHttpCheck,
});
