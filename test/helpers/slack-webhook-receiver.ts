/**
 * A loopback stand-in for Slack's incoming webhooks: it answers like Slack does (200 "ok",
 * 404 "no_service" for an unknown webhook path, 400 "invalid_payload"/"invalid_blocks") and
 * checks the Block Kit rules our messages must respect, so a malformed message fails a test
 * the way it would fail in production.
 */
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest, type ReceiverAnswer } from './webhook-receiver.ts';

export interface SlackReceiver extends HttpReceiver {
  /** A webhook URL the receiver accepts (its path plays the role of Slack's secret token). */
  webhookUrl: string;
  /** Parsed bodies of the messages it accepted. */
  messages: Array<Record<string, unknown>>;
  /** Answer every request with this instead (e.g. a 500), until called with undefined. */
  failWith(answer: ReceiverAnswer | undefined): void;
}

const TOKEN_PATH = '/services/T0TEST000/B0TEST000/xoxbSecretTokenPart1234567890';

export async function startSlackWebhookReceiver(): Promise<SlackReceiver> {
  const messages: Array<Record<string, unknown>> = [];
  let failure: ReceiverAnswer | undefined;
  const receiver = await startHttpReceiver();
  receiver.answer((request) => {
    if (failure) return failure;
    if (request.path !== TOKEN_PATH) return { status: 404, body: 'no_service' };
    const problem = blockKitProblem(request);
    if (problem) return { status: 400, body: problem };
    messages.push(JSON.parse(request.body) as Record<string, unknown>);
    return { status: 200, body: 'ok' };
  });
  return Object.assign(receiver, {
    webhookUrl: receiver.url + TOKEN_PATH,
    messages,
    failWith(answer: ReceiverAnswer | undefined) {
      failure = answer;
    },
  });
}

const BLOCK_TYPES = new Set(['header', 'section', 'context', 'actions', 'divider', 'image']);

/** Slack's answer for a payload it would reject, or undefined when it is acceptable. */
function blockKitProblem(request: ReceivedRequest): string | undefined {
  if (!String(request.headers['content-type']).startsWith('application/json')) return 'invalid_payload';
  let payload: unknown;
  try {
    payload = JSON.parse(request.body);
  } catch {
    return 'invalid_payload';
  }
  if (typeof payload !== 'object' || payload === null) return 'invalid_payload';
  const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
  if (typeof text !== 'string' && blocks === undefined) return 'no_text';
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Array<Record<string, unknown>>) {
    if (!BLOCK_TYPES.has(String(block.type))) return 'invalid_blocks';
    if (block.type === 'header' && !isText(block.text, 150, 'plain_text')) return 'invalid_blocks';
    if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined) return 'invalid_blocks';
      if (block.text !== undefined && !isText(block.text, 3000)) return 'invalid_blocks';
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) return 'invalid_blocks';
        if (!block.fields.every((field) => isText(field, 2000))) return 'invalid_blocks';
      }
      if (block.accessory !== undefined && !isButton(block.accessory)) return 'invalid_blocks';
    }
    if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length > 10) return 'invalid_blocks';
      if (!block.elements.every((element) => isText(element, 3000))) return 'invalid_blocks';
    }
    if (block.type === 'actions' && !(Array.isArray(block.elements) && block.elements.every(isButton))) return 'invalid_blocks';
  }
  return undefined;
}

function isText(value: unknown, max: number, only?: 'plain_text' | 'mrkdwn'): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { type, text } = value as { type?: unknown; text?: unknown };
  if (only ? type !== only : type !== 'plain_text' && type !== 'mrkdwn') return false;
  return typeof text === 'string' && text.length > 0 && text.length <= max;
}

function isButton(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const button = value as { type?: unknown; text?: unknown; url?: unknown };
  if (button.type !== 'button' || !isText(button.text, 75, 'plain_text')) return false;
  return button.url === undefined || (typeof button.url === 'string' && /^https?:\/\//.test(button.url) && button.url.length <= 3000);
}
