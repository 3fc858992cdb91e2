/**
 * Webhook channel: a JSON POST signed per the Standard Webhooks spec
 * (https://www.standardwebhooks.com), so receivers can verify it with any of that project's
 * libraries. We sign with node:crypto ourselves; the tests verify with the independent
 * `standardwebhooks` package.
 *
 * Body (`WebhookPayload`):
 *   {
 *     "type": "integration.down",            // integration.{down,recovered,degraded,reminder,tls_expiry,test}
 *     "timestamp": "2025-07-14T10:32:05.000Z", // when the event happened
 *     "data": {
 *       "slug": "billing-api", "name": "Billing API", "kind": "http", "tags": ["billing"],
 *       "status": "down", "previousStatus": "up", "reason": "HTTP 503 (expected 200-299)",
 *       "at": "2025-07-14T10:32:05.000Z", "detailUrl": "https://health.example.com/integrations/billing-api",
 *       "downSince": "2025-07-14T10:27:01.000Z",   // down, reminder, recovered
 *       "certificateDaysRemaining": 7              // tls_expiry only
 *     }
 *   }
 * Headers: `webhook-id` (the event id, stable across retries: use it to de-duplicate),
 * `webhook-timestamp` (Unix seconds of this attempt), `webhook-signature` ("v1,<base64>").
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { postJson } from './http.ts';
import { defineAlertChannel, type AlertEvent, type AlertEventType, type IntegrationStatus } from './types.ts';

const SECRET_PREFIX = 'whsec_';

/** A fresh signing secret: 32 random bytes, the size the spec recommends. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Decoded key bytes of a `whsec_<base64>` secret, or undefined when it is not one. */
function decodeSecret(secret: string): Buffer | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const key = Buffer.from(encoded, 'base64');
  // The spec asks for 24 to 64 bytes of key.
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}

/** Headers we set ourselves; letting config override them would break signing or framing. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'transfer-encoding', 'connection']);

export const webhookConfigSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .describe('Where to POST the JSON, e.g. https://example.com/hooks/integration-health'),
  secret: z
    .string()
    .refine((value) => decodeSecret(value) !== undefined, {
      error: 'must be a Standard Webhooks secret: "whsec_" followed by base64 of 24 to 64 random bytes',
    })
    .describe('Signing secret ("whsec_…"); receivers verify the webhook-signature header with it'),
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'must be a valid header name' }),
      z.string().max(4096).regex(/^[^\r\n]*$/, { error: 'header values must be on one line' }),
    )
    .refine((headers) => Object.keys(headers).every((name) => !RESERVED_HEADERS.has(name.toLowerCase())), {
      error: `these headers are set by Integration Health: ${[...RESERVED_HEADERS].join(', ')}`,
    })
    .optional()
    .describe('Extra request headers, e.g. {"Authorization": "Bearer …"} (stored as secrets)'),
});
export type WebhookConfig = z.output<typeof webhookConfigSchema>;

export type WebhookEventType = `integration.${AlertEventType}`;

export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: {
    slug: string;
    name: string;
    kind: string;
    tags: string[];
    status: IntegrationStatus;
    previousStatus: IntegrationStatus | null;
    reason: string;
    at: string;
    detailUrl: string;
    downSince?: string;
    certificateDaysRemaining?: number;
  };
}

export interface WebhookRequest {
  headers: Record<string, string>;
  /** Exact JSON text that was signed; send these bytes unchanged. */
  body: string;
}

export function buildWebhookPayload(event: AlertEvent): WebhookPayload {
  const { slug, name, kind, tags } = event.integration;
  return {
    type: `integration.${event.type}`,
    timestamp: event.at.toISOString(),
    data: {
      slug,
      name,
      kind,
      tags,
      status: event.status,
      previousStatus: event.previousStatus ?? null,
      reason: event.reason,
      at: event.at.toISOString(),
      detailUrl: event.detailUrl,
      ...(event.downSince ? { downSince: event.downSince.toISOString() } : {}),
      ...(event.certificateDaysRemaining === undefined ? {} : { certificateDaysRemaining: event.certificateDaysRemaining }),
    },
  };
}

/** Pure: body and headers (signature included) for an event sent at `now`. */
export function buildWebhookRequest(event: AlertEvent, config: WebhookConfig, now: Date): WebhookRequest {
  const key = decodeSecret(config.secret);
  if (!key) throw new Error('webhook secret is not a valid "whsec_" secret'); // the schema rejects it earlier
  const body = JSON.stringify(buildWebhookPayload(event));
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', key).update(`${event.id}.${timestamp}.${body}`).digest('base64');
  return {
    headers: {
      ...config.headers,
      'content-type': 'application/json',
      'webhook-id': event.id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
    body,
  };
}

export const webhookChannel = defineAlertChannel({
  name: 'webhook',
  description: 'JSON POST to your URL, signed per the Standard Webhooks spec',
  configSchema: webhookConfigSchema,
  // Extra headers usually carry credentials (Authorization), so they are secret as a whole.
  secretFields: ['secret', 'headers'],
  async send(event, config, ctx) {
    const request = buildWebhookRequest(event, config, ctx.now());
    const response = await postJson(config.url, request.body, {
      headers: request.headers,
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      redact: [config.secret, ...Object.values(config.headers ?? {})],
    });
    return { detail: `${new URL(config.url).host} answered ${response.status}` };
  },
});
