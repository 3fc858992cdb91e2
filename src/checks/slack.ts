/**
 * `slack` check: Web API `auth.test` with a bot token. Slack answers HTTP 200 even for a bad
 * token and puts the verdict in `ok`/`error`, so the body decides: `ok:false` is down with
 * Slack's error code (people search for those codes), HTTP 429 is degraded (the token works,
 * Slack is only asking us to slow down), any other HTTP error is down.
 */
import { z } from 'zod';
import { describeNetworkError, redactSecrets } from './net-errors.ts';
import { defineCheckKind, type Observation } from './types.ts';

const configSchema = z.object({
  token: z
    .string()
    .min(1)
    .describe('Bot token (xoxb-…) of the Slack app; stored encrypted.'),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default('https://slack.com/api')
    .describe('Slack Web API base URL; change only to point at a proxy or a test server.'),
});

/** What people should do about the error codes they actually meet. */
const hints: Record<string, string> = {
  invalid_auth: 'the token is not valid: check it was copied whole and belongs to this workspace',
  not_authed: 'no token reached Slack: check the token field',
  token_revoked: 'the token was revoked: reinstall the Slack app and paste the new bot token',
  token_expired: 'the token expired (token rotation is on): refresh it or turn rotation off',
  account_inactive: 'the bot user or the workspace was deactivated',
  no_permission: 'the token lacks permission for this workspace',
  team_access_not_granted: 'the app was not granted access to this workspace',
  org_login_required: 'the workspace is migrating to an Enterprise Grid org; try again later',
  ekm_access_denied: 'the workspace admins suspended this app (EKM)',
};

interface AuthTestBody {
  ok?: boolean;
  error?: string;
  url?: string;
  team?: string;
  team_id?: string;
  user?: string;
  user_id?: string;
  bot_id?: string;
  enterprise_id?: string;
}

export const slackCheck = defineCheckKind({
  name: 'slack',
  description: 'Calls Slack auth.test with a bot token to confirm it still works.',
  configSchema,
  secretFields: ['token'],
  run: async function runSlackCheck(config, ctx): Promise<Observation> {
    const endpoint = `${config.baseUrl.replace(/\/+$/, '')}/auth.test`;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let response: Response;
    let body: AuthTestBody | undefined;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${config.token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: '',
        signal: ctx.signal,
      });
      body = await readJson(response);
    } catch (error) {
      const url = new URL(endpoint);
      const message = describeNetworkError(error, {
        host: url.hostname,
        port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      });
      return { status: 'down', latencyMs: elapsed(), message: redactSecrets(message, [config.token]) };
    }
    const latencyMs = elapsed();
    const httpStatus = response.status;

    if (httpStatus === 429) {
      const retryAfter = response.headers.get('retry-after');
      return {
        status: 'degraded',
        latencyMs,
        message: `Rate limited by Slack${retryAfter ? `, retry after ${retryAfter} s` : ''}`,
        details: { httpStatus, retryAfterSeconds: retryAfter === null ? undefined : Number(retryAfter) },
      };
    }
    if (!response.ok || body === undefined || typeof body.ok !== 'boolean') {
      const what = response.ok ? 'an answer that is not auth.test JSON' : `HTTP ${httpStatus}`;
      return { status: 'down', latencyMs, message: `Slack returned ${what}`, details: { httpStatus } };
    }
    if (!body.ok) {
      const code = body.error ?? 'unknown_error';
      const hint = hints[code];
      return {
        status: 'down',
        latencyMs,
        message: `Slack rejected the token: ${code}${hint ? ` (${hint})` : ''}`,
        details: { httpStatus, error: code },
      };
    }
    return {
      status: 'up',
      latencyMs,
      message: `Authenticated as ${body.user ?? 'bot'} in ${body.team ?? 'workspace'}`,
      details: {
        httpStatus,
        team: body.team,
        team_id: body.team_id,
        user: body.user,
        user_id: body.user_id,
        bot_id: body.bot_id,
        url: body.url,
        enterprise_id: body.enterprise_id,
      },
    };
  },
});

async function readJson(response: Response): Promise<AuthTestBody | undefined> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as AuthTestBody) : undefined;
  } catch {
    return undefined;
  }
}
