/**
 * Badge query strings → normalized, typed values. Each route has its own schema listing only the
 * parameters it understands; zod objects drop everything else, which is what keeps
 * `?utm_source=…&cachebust=123` from creating new cache entries. Values are canonicalised here
 * (colour aliases, hex case, label cleaning) for the same reason.
 */
import { z } from 'zod';
import { COLOR_RULE, normalizeBadgeColor } from './colors.ts';
import { cleanLabel } from './format.ts';
import {
  BADGE_METRICS,
  BADGE_PERCENTILES,
  BADGE_STYLES,
  BADGE_WINDOWS,
  type BadgePercentile,
} from './types.ts';

const oneOf = (values: readonly (string | number)[]) => `must be one of ${values.join(', ')}`;

const colorParam = z
  .string()
  .refine((value) => normalizeBadgeColor(value) !== undefined, { error: COLOR_RULE })
  .transform((value) => normalizeBadgeColor(value) ?? value);

const presentationShape = {
  /** Empty string is allowed and means "no label" (a message-only badge), as on shields. */
  label: z.string().transform(cleanLabel).optional(),
  style: z.enum(BADGE_STYLES, { error: oneOf(BADGE_STYLES) }).optional(),
  color: colorParam.optional(),
  labelColor: colorParam.optional(),
  sig: z.string().optional(),
};

const windowParam = z.enum(BADGE_WINDOWS, { error: oneOf(BADGE_WINDOWS) }).optional();
const percentileParam = z
  .enum(['50', '95', '99'], { error: oneOf(BADGE_PERCENTILES) })
  .transform((value) => Number(value) as BadgePercentile)
  .optional();

export const statusQuerySchema = z.object(presentationShape);
export const certQuerySchema = z.object(presentationShape);
export const aggregateQuerySchema = z.object(presentationShape);
export const uptimeQuerySchema = z.object({ ...presentationShape, window: windowParam });
export const latencyQuerySchema = z.object({ ...presentationShape, window: windowParam, p: percentileParam });
export const shieldsQuerySchema = z.object({
  ...presentationShape,
  metric: z.enum(BADGE_METRICS, { error: oneOf(BADGE_METRICS) }).default('status'),
  window: windowParam,
  p: percentileParam,
  /** A simple-icons name, sent on as shields' `namedLogo`. */
  logo: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.+_-]{0,63}$/i, { error: 'must be a simple-icons name such as github or slack' })
    .transform((value) => value.toLowerCase())
    .optional(),
});

export type PresentationQuery = z.output<typeof statusQuerySchema>;

export interface QueryIssue {
  path: (string | number)[];
  message: string;
}

/** The JSON body of a 400, in the API's error shape. */
export interface InvalidQueryBody {
  error: { code: 'invalid_query'; message: string; issues: QueryIssue[] };
}

export type QueryResult<T> = { ok: true; value: T } | { ok: false; body: InvalidQueryBody };

export function parseQuery<S extends z.ZodType>(schema: S, raw: Record<string, string>): QueryResult<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issues: QueryIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
  return { ok: false, body: { error: { code: 'invalid_query', message: `Invalid badge query: ${summary}`, issues } } };
}
