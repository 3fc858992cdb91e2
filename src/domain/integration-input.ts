/**
 * Request schemas for creating and changing integrations. The same zod schemas validate the API
 * and generate its OpenAPI document; each kind's own schema validates `config`.
 */
import { z } from 'zod';

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Slugs that would collide with fixed routes (`/badge/all/…`, `/badge/tag/…`). */
export const reservedSlugs = new Set(['all', 'tag', 'health']);

export const slugSchema = z
  .string()
  .regex(slugPattern, 'must be 1-64 lowercase letters, digits or dashes, not starting or ending with a dash')
  .refine((slug) => !reservedSlugs.has(slug), 'is reserved (all, tag, health)')
  .describe('URL-safe unique identifier, e.g. "billing-api".');

export const tagSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be 1-40 lowercase letters, digits, dots, dashes or underscores');

export const alertPolicyInput = z
  .object({
    downAfter: z.number().int().min(1).max(100).optional(),
    recoverAfter: z.number().int().min(1).max(100).optional(),
    alertOnDegraded: z.boolean().optional(),
    reminderMinutes: z.number().int().min(0).max(10_080).optional(),
    cooldownMinutes: z.number().int().min(0).max(1440).optional(),
  })
  .strict()
  .describe('Overrides of the global alert policy; omitted fields use the defaults.');

const settings = {
  name: z.string().trim().min(1, 'must not be empty').max(120).describe('Display name.'),
  tags: z.array(tagSchema).max(20).describe('Tags for grouping, filtering and alert routing.'),
  public: z.boolean().describe('Readable without login (public dashboard, open badges).'),
  paused: z.boolean().describe('Paused integrations are not checked.'),
  intervalSeconds: z.number().int().min(5).max(86_400).nullable().describe('Seconds between checks while healthy; null = global default.'),
  maxIntervalSeconds: z.number().int().min(5).max(86_400).nullable().describe('Ceiling of the backoff after failures; null = global default.'),
  timeoutMs: z.number().int().min(100).max(120_000).nullable().describe('Check timeout; null = global default.'),
  alertPolicy: alertPolicyInput.nullable(),
};

export const createIntegrationSchema = z
  .object({
    slug: slugSchema.optional(),
    kind: z.string().min(1).describe('Check kind, e.g. "http". GET /api/v1/kinds lists them.'),
    config: z.record(z.string(), z.unknown()).default({}).describe("The kind's settings; secret fields are write-only."),
    name: settings.name,
    tags: settings.tags.default([]),
    public: settings.public.default(false),
    paused: settings.paused.default(false),
    intervalSeconds: settings.intervalSeconds.optional(),
    maxIntervalSeconds: settings.maxIntervalSeconds.optional(),
    timeoutMs: settings.timeoutMs.optional(),
    alertPolicy: settings.alertPolicy.optional(),
  })
  .strict();

export const updateIntegrationSchema = z
  .object({
    config: z.record(z.string(), z.unknown()).describe('Fields to change; omitted secret fields keep their stored value, null clears an optional field.'),
    name: settings.name,
    tags: settings.tags,
    public: settings.public,
    paused: settings.paused,
    intervalSeconds: settings.intervalSeconds,
    maxIntervalSeconds: settings.maxIntervalSeconds,
    timeoutMs: settings.timeoutMs,
    alertPolicy: settings.alertPolicy,
  })
  .partial()
  .strict();

export type CreateIntegrationInput = z.output<typeof createIntegrationSchema>;
export type UpdateIntegrationInput = z.output<typeof updateIntegrationSchema>;

/** "Billing API (EU)" → "billing-api-eu". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug && !reservedSlugs.has(slug) ? slug : `${slug || 'integration'}-1`.replace(/^-/, '');
}
