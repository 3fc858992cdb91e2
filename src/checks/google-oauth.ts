/**
 * OAuth2 shared by the Google kinds (gmail, google-calendar): call a Google API with the stored
 * access token; when there is none or Google answers 401, get a new one with the refresh token,
 * hand it to `ctx.saveSecrets` (so the next run starts with it instead of refreshing every time)
 * and retry once. Google's answers are turned into observations here so both kinds word
 * failures the same way. Access tokens live about an hour, so a refresh per hour is normal.
 */
import { z } from 'zod';
import { describeNetworkError, redactSecrets } from './net-errors.ts';
import type { CheckContext, Observation } from './types.ts';

/** Config fields both Google kinds share; each kind adds its own `baseUrl`. */
export const googleOAuthFields = {
  clientId: z.string().min(1).describe('OAuth client ID from the Google Cloud console.'),
  clientSecret: z.string().min(1).describe('OAuth client secret (stored encrypted).'),
  refreshToken: z.string().min(1).describe('Refresh token granted when the account was authorized (stored encrypted).'),
  accessToken: z
    .string()
    .min(1)
    .optional()
    .describe('Current access token (stored encrypted). Optional: refreshed and saved automatically.'),
  tokenUrl: z
    .url({ protocol: /^https?$/ })
    .default('https://oauth2.googleapis.com/token')
    .describe('OAuth token endpoint; change only to point at a test server.'),
};

export const googleOAuthSecretFields = ['clientSecret', 'refreshToken', 'accessToken'] as const;

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken?: string | undefined;
  tokenUrl: string;
}

export type GoogleApiOutcome =
  | { ok: true; body: unknown; latencyMs: number; details: Record<string, unknown> }
  | { ok: false; observation: Observation };

/** Reasons Google gives (v1 `errors[].reason` or v2 `details[].reason`) for "slow down". */
const rateLimitReasons = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
  'RATE_LIMIT_EXCEEDED',
]);

/** GET `url` as the authorized account; `apiName` names the API in messages ("Gmail API"). */
export async function getWithGoogleOAuth(
  config: GoogleOAuthConfig,
  url: string,
  apiName: string,
  ctx: CheckContext,
): Promise<GoogleApiOutcome> {
  const secrets = [config.clientSecret, config.refreshToken, config.accessToken];
  const state = { accessToken: config.accessToken, tokenRefreshed: false, tokenSaved: undefined as boolean | undefined };
  const details = () => ({ tokenRefreshed: state.tokenRefreshed, ...(state.tokenSaved === false ? { tokenSaved: false } : {}) });

  const refresh = async (): Promise<Observation | undefined> => {
    const result = await refreshAccessToken(config, ctx);
    if ('observation' in result) return result.observation;
    state.accessToken = result.accessToken;
    state.tokenRefreshed = true;
    secrets.push(result.accessToken);
    try {
      await ctx.saveSecrets(result.secretsToSave);
      state.tokenSaved = true;
    } catch {
      // Not fatal: the API can still be checked; the next run just refreshes again.
      state.tokenSaved = false;
    }
    return undefined;
  };

  const started = performance.now();
  try {
    if (!state.accessToken) {
      const failed = await refresh();
      if (failed) return { ok: false, observation: scrub(failed, secrets) };
    }
    let call = await timedGet(url, state.accessToken!, ctx);
    if (call.response.status === 401 && !state.tokenRefreshed) {
      const failed = await refresh();
      if (failed) return { ok: false, observation: scrub(failed, secrets) };
      call = await timedGet(url, state.accessToken!, ctx);
    }
    const { response, body, latencyMs } = call;
    if (response.ok) return { ok: true, body, latencyMs, details: details() };
    const observation = describeApiFailure(response, body, apiName, latencyMs);
    observation.details = { ...observation.details, ...details() };
    return { ok: false, observation: scrub(observation, secrets) };
  } catch (error) {
    // Node's socket errors name the address and port, so no need to say which URL failed.
    const message = describeNetworkError(error, { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    const latencyMs = Math.round(performance.now() - started);
    return { ok: false, observation: scrub({ status: 'down', latencyMs, message, details: details() }, secrets) };
  }
}

type RefreshResult = { accessToken: string; secretsToSave: Record<string, string> } | { observation: Observation };

/** POST grant_type=refresh_token to the token endpoint (RFC 6749 §6). */
async function refreshAccessToken(config: GoogleOAuthConfig, ctx: CheckContext): Promise<RefreshResult> {
  const started = performance.now();
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: config.clientId,
      client_secret: config.clientSecret,
      refresh_token: config.refreshToken,
    }),
    signal: ctx.signal,
  });
  const body = (await readJson(response)) as { access_token?: unknown; refresh_token?: unknown; error?: unknown } | undefined;
  const latencyMs = Math.round(performance.now() - started);
  if (response.ok && typeof body?.access_token === 'string') {
    const secretsToSave: Record<string, string> = { accessToken: body.access_token };
    // Google does not rotate refresh tokens today, but if it sends one, the old one is dead.
    if (typeof body.refresh_token === 'string' && body.refresh_token !== config.refreshToken) {
      secretsToSave.refreshToken = body.refresh_token;
    }
    return { accessToken: body.access_token, secretsToSave };
  }
  const oauthError = typeof body?.error === 'string' ? body.error : undefined;
  const details = { tokenRefreshed: false, tokenEndpointStatus: response.status, oauthError };
  const message =
    oauthError === 'invalid_grant'
      ? 'Re-authorization required (refresh token revoked or expired)'
      : oauthError === 'invalid_client'
        ? 'Token refresh failed: the OAuth client ID or secret was rejected (invalid_client)'
        : oauthError === 'unauthorized_client'
          ? 'Token refresh failed: this OAuth client may not use refresh tokens (unauthorized_client)'
          : `Token refresh failed: HTTP ${response.status}${oauthError ? ` (${oauthError})` : ''}`;
  return { observation: { status: 'down', latencyMs, message, details } };
}

async function timedGet(url: string, accessToken: string, ctx: CheckContext) {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: ctx.signal,
  });
  const body = await readJson(response);
  return { response, body, latencyMs: Math.round(performance.now() - started) };
}

interface GoogleErrorBody {
  error?: { status?: string; errors?: { reason?: string }[]; details?: { reason?: string }[] };
}

function describeApiFailure(response: Response, body: unknown, apiName: string, latencyMs: number): Observation {
  const httpStatus = response.status;
  const error = (body as GoogleErrorBody | undefined)?.error;
  const reasons = [...(error?.errors ?? []), ...(error?.details ?? [])]
    .map((item) => item.reason)
    .filter((reason): reason is string => typeof reason === 'string');
  const reason = reasons[0];
  const details = { httpStatus, reason };

  if (httpStatus === 429 || (httpStatus === 403 && reasons.some((r) => rateLimitReasons.has(r)))) {
    const retryAfter = response.headers.get('retry-after');
    return {
      status: 'degraded',
      latencyMs,
      message: `Rate limited by Google (HTTP ${httpStatus}${reason ? `, ${reason}` : ''})${retryAfter ? `, retry after ${retryAfter} s` : ''}`,
      details,
    };
  }
  let message: string;
  if (httpStatus === 401) {
    message = `The ${apiName} rejected a freshly refreshed access token (HTTP 401)`;
  } else if (reasons.includes('insufficientPermissions') || reasons.includes('ACCESS_TOKEN_SCOPE_INSUFFICIENT')) {
    message = `The authorization lacks the scope the ${apiName} needs: re-authorize with that scope (HTTP 403)`;
  } else if (reasons.includes('accessNotConfigured') || reasons.includes('SERVICE_DISABLED')) {
    message = `The ${apiName} is not enabled in the Google Cloud project of this OAuth client (HTTP 403)`;
  } else {
    message = `The ${apiName} answered HTTP ${httpStatus}${reason ? ` (${reason})` : ''}`;
  }
  return { status: 'down', latencyMs, message, details };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Last line of defence: no secret survives in the message or string details. */
function scrub(observation: Observation, secrets: (string | undefined)[]): Observation {
  const values = secrets.filter((secret): secret is string => secret !== undefined);
  const clean = (text: string) => redactSecrets(text, values);
  const details = observation.details
    ? Object.fromEntries(
        Object.entries(observation.details).map(([key, value]) => [key, typeof value === 'string' ? clean(value) : value]),
      )
    : undefined;
  return { ...observation, message: clean(observation.message), ...(details ? { details } : {}) };
}
