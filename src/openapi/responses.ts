/**
 * Response shapes of the JSON API as zod schemas, for the OpenAPI document only (handlers build
 * these objects in src/http/serialize.ts and friends). Request shapes are NOT here: the document
 * uses the very schemas that validate requests.
 */
import { z } from 'zod';
import { uptimeWindows } from '../analytics/types.ts';
import { statuses } from '../domain/status.ts';

const instant = z.iso.datetime().describe('ISO 8601 date-time, UTC');
const ratio = z.number().min(0).max(1).nullable().describe('Time-weighted uptime 0..1; null when nothing is known in the window.');
const millis = z.number().nullable().describe('Milliseconds; null without data.');
const status = z.enum(statuses);

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('invalid_input, unknown_kind, unauthorized, forbidden, not_found, conflict, read_only, rate_limited, unavailable, internal'),
      message: z.string().describe('One line a person can act on. Never contains secrets.'),
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).describe('One entry per invalid field.'),
      retryAfterSeconds: z.number().int().optional().describe('With 429 and 503, also sent as the Retry-After header.'),
    }),
  })
  .describe('Every error, whatever the status code.');

const integrationSummary = z.object({
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  tags: z.array(z.string()),
  public: z.boolean(),
  paused: z.boolean(),
  managedBy: z.string().nullable().describe('Set when INTEGRATIONS_FILE manages it (read-only here).'),
  status,
  since: instant.describe('When the current status began.'),
  lastCheckedAt: instant.nullable(),
  latencyMs: z.number().int().nullable().describe('Latency of the last check.'),
  message: z.string().nullable().describe('Message of the last check.'),
  nextCheckAt: instant.nullable(),
  consecutiveFailures: z.number().int(),
});

const percentiles = z.object({ p50: millis, p95: millis, p99: millis });

export const integrationListSchema = z.object({
  integrations: z
    .array(
      integrationSummary.extend({
        uptime: z.object({ '24h': ratio, '7d': ratio, '30d': ratio }),
        latency24h: percentiles.describe('Latency percentiles of working checks over the last 24 h (≤ 1 % relative error).'),
      }),
    )
    .describe('Worst status first.'),
});

export const integrationDetailSchema = z.object({
  integration: integrationSummary.extend({
    config: z.record(z.string(), z.unknown()).describe("The kind's non-secret settings."),
    secrets: z.record(z.string(), z.literal('set')).describe('Which secret fields are set; their values are write-only and never returned.'),
    intervalSeconds: z.number().int().nullable(),
    maxIntervalSeconds: z.number().int().nullable(),
    timeoutMs: z.number().int().nullable(),
    alertPolicy: z.record(z.string(), z.unknown()).nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
});

export const createdIntegrationSchema = integrationDetailSchema.extend({
  pushToken: z.string().optional().describe('push kind only: the token, shown once.'),
  pushUrl: z.string().optional(),
  note: z.string().optional(),
});

const windowFigures = {
  uptime: ratio,
  seconds: z.object({ up: z.number(), degraded: z.number(), down: z.number(), excluded: z.number().describe('Paused, maintenance and unknown time.') }),
  checks: z.object({ up: z.number().int(), degraded: z.number().int(), down: z.number().int() }),
  latency: z.object({ count: z.number().int(), mean: millis, min: millis, max: millis, p50: millis, p95: millis, p99: millis }),
};

export const healthResponseSchema = z.object({
  health: z.object({
    slug: z.string(),
    status,
    since: instant,
    window: z.enum(uptimeWindows).nullable().describe('The named window, or null for a from/to range.'),
    from: instant,
    to: instant,
    ...windowFigures,
  }),
});

const rawItem = z.object({ id: z.number().int(), startedAt: instant, finishedAt: instant, status, latencyMs: z.number().int().nullable(), message: z.string(), trigger: z.enum(['schedule', 'manual', 'push']) });
const bucketItem = z.object({ start: instant, end: instant, ...windowFigures });

export const historyResponseSchema = z.object({
  history: z.object({
    slug: z.string(),
    resolution: z.enum(['raw', 'hour', 'day']),
    from: instant,
    to: instant,
    limit: z.number().int(),
    items: z.union([z.array(rawItem), z.array(bucketItem)]).describe('raw: results oldest first; hour/day: every bucket in the range, oldest first.'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` (with the same from/to) for the next page; null on the last page.'),
  }),
});

export const checkQueuedSchema = z.object({ check: z.object({ id: z.uuid(), state: z.literal('queued'), requestedAt: instant, href: z.string() }) });

export const checkStateSchema = z.object({
  check: z.object({ id: z.string(), state: z.enum(['queued', 'running', 'completed', 'failed']), result: z.record(z.string(), z.unknown()).optional(), message: z.string().optional() }),
});

const statusCounts = z.object(Object.fromEntries(statuses.map((name) => [name, z.number().int()])) as Record<(typeof statuses)[number], z.ZodNumber>);

export const systemMetricsSchema = z.object({
  system: z.object({
    generatedAt: instant,
    integrations: z.object({ total: z.number().int(), byStatus: statusCounts }),
    checks: z.object({ perMinute: z.number(), windowSeconds: z.number().int() }),
    queue: z.object({
      due: z.number().int().describe('Active integrations whose check is due and not yet recorded.'),
      oldestDueLagSeconds: z.number().nullable(),
      jobs: z.object({ ready: z.number().int(), active: z.number().int(), deferred: z.number().int() }).nullable().describe("pg-boss's counters for the checks queue (refreshed by its monitor)."),
    }),
    websocketClients: z.number().int(),
    database: z.object({ sizeBytes: z.number(), historyRows: z.number().int(), historyRowsEstimated: z.boolean() }),
    process: z.object({
      role: z.enum(['all', 'web', 'worker']),
      uptimeSeconds: z.number().int(),
      memory: z.object({ rssBytes: z.number().int(), heapUsedBytes: z.number().int(), heapTotalBytes: z.number().int(), externalBytes: z.number().int() }),
    }),
  }),
});

export const anyObjectSchema = z.record(z.string(), z.unknown());
