/**
 * `gmail` check: Gmail API `users/me/profile` as the authorized account. The OAuth2 dance
 * (refresh, save the new token, retry once) and the wording of Google's failures live in
 * google-oauth.ts, shared with google-calendar.
 */
import { z } from 'zod';
import { getWithGoogleOAuth, googleOAuthFields, googleOAuthSecretFields } from './google-oauth.ts';
import { defineCheckKind, type Observation } from './types.ts';

const configSchema = z.object({
  ...googleOAuthFields,
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default('https://gmail.googleapis.com/gmail/v1')
    .describe('Gmail API base URL; change only to point at a test server.'),
});

interface GmailProfile {
  emailAddress?: string;
  messagesTotal?: number;
  threadsTotal?: number;
}

export const gmailCheck = defineCheckKind({
  name: 'gmail',
  description: 'Reads the Gmail profile with OAuth2, refreshing the access token when needed.',
  configSchema,
  secretFields: googleOAuthSecretFields,
  run: async function runGmailCheck(config, ctx): Promise<Observation> {
    const url = `${config.baseUrl.replace(/\/+$/, '')}/users/me/profile`;
    const outcome = await getWithGoogleOAuth(config, url, 'Gmail API', ctx);
    if (!outcome.ok) return outcome.observation;
    const profile = (outcome.body ?? {}) as GmailProfile;
    return {
      status: 'up',
      latencyMs: outcome.latencyMs,
      message: `Mailbox ${profile.emailAddress ?? '(unnamed)'} reachable`,
      details: {
        emailAddress: profile.emailAddress,
        messagesTotal: profile.messagesTotal,
        threadsTotal: profile.threadsTotal,
        ...outcome.details,
      },
    };
  },
});
