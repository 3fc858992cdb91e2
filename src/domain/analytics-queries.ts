/**
 * Query parameters of the health and history endpoints. The same zod schemas validate requests
 * and generate the OpenAPI document. Ranges are bounded so one request can never ask the
 * database for an unbounded amount of raw history.
 */
import { z } from 'zod';
import { uptimeWindows } from '../analytics/types.ts';

export const resolutions = ['raw', 'hour', 'day'] as const;
export type Resolution = (typeof resolutions)[number];

const dayMs = 86_400_000;

/** Widest range one request may cover, per resolution (and for health). */
export const maxRangeMs: Record<Resolution | 'health', number> = {
  raw: 7 * dayMs,
  hour: 92 * dayMs,
  day: 3660 * dayMs,
  health: 3660 * dayMs,
};

/** Range used when `from` is omitted. */
export const defaultRangeMs: Record<Resolution, number> = { raw: dayMs, hour: 7 * dayMs, day: 90 * dayMs };

export const maxPageSize = 1000;
export const defaultPageSize = 500;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T00:00:00Z' });

const windowParam = z.enum(uptimeWindows, { message: `must be one of ${uptimeWindows.join(', ')}` }).describe('A named window ending now.');

export const healthQuerySchema = z
  .object({
    window: windowParam.optional(),
    from: instant.optional().describe('Start of a custom range (instead of window); requires `to` or defaults it to now.'),
    to: instant.optional().describe('End of a custom range; defaults to now.'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.window && (query.from || query.to)) ctx.addIssue({ code: 'custom', path: ['window'], message: 'use either window or from/to, not both' });
    if (query.to && !query.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required with to' });
  });

const pageSize = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(maxPageSize, `must be at most ${maxPageSize}`))
  .describe(`Items per page (default ${defaultPageSize}, at most ${maxPageSize}).`);

export const historyQuerySchema = z
  .object({
    resolution: z
      .enum(resolutions, { message: `must be one of ${resolutions.join(', ')}` })
      .default('raw')
      .describe('raw: every stored result (kept for the retention period); hour/day: aggregates, kept forever.'),
    from: instant.optional().describe('Start (default: 24 h before `to` for raw, 7 d for hour, 90 d for day).'),
    to: instant.optional().describe('End (default: now).'),
    limit: pageSize.optional(),
    cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page.'),
  })
  .strict();

export type HealthQuery = z.output<typeof healthQuerySchema>;
export type HistoryQuery = z.output<typeof historyQuerySchema>;
