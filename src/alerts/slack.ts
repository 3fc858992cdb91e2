/**
 * Slack channel: a Block Kit message to an incoming webhook. The webhook URL embeds its token,
 * so it is a secret: errors name only the host (see http.ts).
 */
import { z } from 'zod';
import { EVENT_LABELS, headline, isHttpUrl, summaryFields } from './format.ts';
import { postJson } from './http.ts';
import { defineAlertChannel, type AlertEvent, type AlertEventType } from './types.ts';

export const slackConfigSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .describe('Incoming webhook URL from Slack ("https://hooks.slack.com/services/…"); it is a secret'),
});
export type SlackConfig = z.output<typeof slackConfigSchema>;

/** Emoji plus words in every message: status is never told by colour alone. */
const EVENT_EMOJI: Record<AlertEventType, string> = {
  down: ':red_circle:',
  recovered: ':large_green_circle:',
  degraded: ':large_yellow_circle:',
  reminder: ':rotating_light:',
  tls_expiry: ':warning:',
  test: ':test_tube:',
};

interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[]; accessory?: SlackButton }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; elements: SlackButton[] };
interface SlackButton {
  type: 'button';
  text: TextObject;
  url: string;
  action_id: string;
}
export interface SlackMessage {
  /** Fallback for notifications and clients without Block Kit. */
  text: string;
  blocks: SlackBlock[];
}

/**
 * Escapes Slack's three control characters. Without it a name like "<!channel>" would ping a
 * whole channel and "<https://evil|click>" would become a link.
 */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Slack caps: header text 150 chars, section text 3000, field text 2000. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half an entity ("&am") behind from escaped text.
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,4}$/, '')}…`;
}

/** Pure: the Block Kit message for an event. All user-supplied text is escaped. */
export function buildSlackMessage(event: AlertEvent): SlackMessage {
  const emoji = EVENT_EMOJI[event.type];
  const label = EVENT_LABELS[event.type];
  const title = escapeSlack(headline(event));
  const link = isHttpUrl(event.detailUrl) ? event.detailUrl : undefined;
  // Inside <url|label> a raw "|" or ">" would end the link early; percent-encoding keeps it a URL.
  const linkTarget = link?.replaceAll('|', '%7C').replaceAll('>', '%3E').replaceAll('<', '%3C').replaceAll('&', '&amp;');

  const fields = summaryFields(event).filter((field) => field.label !== 'Integration');
  const blocks: SlackBlock[] = [
    // Header is plain_text: Slack shows it literally, so it carries only our own words.
    { type: 'header', text: { type: 'plain_text', text: truncate(`${emoji} ${label}`, 150), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${title}*`, 3000) },
      ...(link
        ? { accessory: { type: 'button', text: { type: 'plain_text', text: 'View details' }, url: link, action_id: 'view-details' } }
        : {}),
    },
    {
      type: 'section',
      fields: fields.slice(0, 10).map((field) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${field.label}*\n${escapeSlack(field.value)}`, 2000),
      })),
    },
  ];
  if (linkTarget) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${linkTarget}|Open ${truncate(escapeSlack(event.integration.name), 200)} in Integration Health>` }],
    });
  }
  const fallback = `${emoji} [${label}] ${title}: ${escapeSlack(event.reason || '(no message)')}`;
  return { text: truncate(fallback, 3000), blocks };
}

export const slackChannel = defineAlertChannel({
  name: 'slack',
  description: 'Slack message through an incoming webhook (Block Kit)',
  configSchema: slackConfigSchema,
  secretFields: ['url'],
  async send(event, config, ctx) {
    const response = await postJson(config.url, JSON.stringify(buildSlackMessage(event)), {
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
    });
    return { detail: `${new URL(config.url).host} answered ${response.status}` };
  },
});
