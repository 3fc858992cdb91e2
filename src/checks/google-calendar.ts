/**
 * `google-calendar` check: Calendar API `users/me/calendarList?maxResults=1` as the authorized
 * account — the cheapest call that proves the token and the Calendar scope work. OAuth2
 * handling is shared with gmail in google-oauth.ts.
 */
import { z } from 'zod';
import { getWithGoogleOAuth, googleOAuthFields, googleOAuthSecretFields } from './google-oauth.ts';
import { defineCheckKind, type Observation } from './types.ts';

const configSchema = z.object({
  ...googleOAuthFields,
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default('https://www.googleapis.com/calendar/v3')
    .describe('Google Calendar API base URL; change only to point at a test server.'),
});

interface CalendarList {
  items?: { summary?: string; accessRole?: string }[];
}

export const googleCalendarCheck = defineCheckKind({
  name: 'google-calendar',
  description: 'Lists one calendar with OAuth2, refreshing the access token when needed.',
  configSchema,
  secretFields: googleOAuthSecretFields,
  run: async function runGoogleCalendarCheck(config, ctx): Promise<Observation> {
    const url = `${config.baseUrl.replace(/\/+$/, '')}/users/me/calendarList?maxResults=1`;
    const outcome = await getWithGoogleOAuth(config, url, 'Calendar API', ctx);
    if (!outcome.ok) return outcome.observation;
    const first = ((outcome.body ?? {}) as CalendarList).items?.[0];
    return {
      status: 'up',
      latencyMs: outcome.latencyMs,
      message: first?.summary ? `Calendar list readable (first: ${first.summary})` : 'Calendar list readable (no calendars)',
      details: { calendarSummary: first?.summary, accessRole: first?.accessRole, ...outcome.details },
    };
  },
});
