/**
 * API and kiosk tokens. A token is shown once when created; only its SHA-256 is stored. Scopes:
 * `read` (every read-only page and GET endpoint), `admin` (everything), `kiosk` (the board and
 * its live updates only, optionally limited to one tag — for wall screens, sent as `?token=`).
 * `ADMIN_TOKEN` from the environment is an admin token that lives outside the table.
 */
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { tagSchema } from '../domain/integration-input.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { hashToken, newToken, secretsEqual } from '../security/tokens.ts';

export const tokenScopes = ['read', 'admin', 'kiosk'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const newTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    scope: z.enum(tokenScopes, { message: 'must be read, admin or kiosk' }),
    tag: z
      .string()
      .trim()
      .transform((value) => (value === '' ? undefined : value))
      .pipe(tagSchema.optional())
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.tag !== undefined && input.scope !== 'kiosk') ctx.addIssue({ code: 'custom', path: ['tag'], message: 'only kiosk tokens can be limited to a tag' });
  });

export interface TokenRow {
  id: number;
  name: string;
  scope: TokenScope;
  tag: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who a presented token is. `id` is null for ADMIN_TOKEN. */
export interface TokenIdentity {
  id: number | null;
  name: string;
  scope: TokenScope;
  tag: string | null;
}

type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>;

const tokenShape = /^ih_[\w-]{43}$/;
// `last_used_at` is advisory: writing it on every request would turn every read into a write.
const touchEveryMs = 60_000;

export async function createApiToken(app: Deps, input: unknown): Promise<{ token: string; row: TokenRow }> {
  const parsed = newTokenSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const token = newToken('ih');
  const row = await app.db.prisma.apiToken.create({
    data: { name: parsed.data.name, scope: parsed.data.scope, tag: parsed.data.tag ?? null, tokenHash: hashToken(token), createdAt: app.clock() },
    select: rowSelect,
  });
  return { token, row };
}

export async function listApiTokens(app: Pick<AppContext, 'db'>): Promise<TokenRow[]> {
  return app.db.prisma.apiToken.findMany({ orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }], select: rowSelect });
}

export async function revokeApiToken(app: Pick<AppContext, 'db' | 'clock'>, id: number): Promise<void> {
  const result = await app.db.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: app.clock() } });
  if (result.count === 0 && !(await app.db.prisma.apiToken.findUnique({ where: { id }, select: { id: true } }))) throw new AppError('not_found', `No token ${id}`);
}

/** The identity behind a presented token, or null when it is unknown or revoked. */
export async function authenticateToken(app: Deps, presented: string): Promise<TokenIdentity | null> {
  if (app.config.adminToken && secretsEqual(presented, app.config.adminToken)) return { id: null, name: 'ADMIN_TOKEN', scope: 'admin', tag: null };
  if (!tokenShape.test(presented)) return null;
  const row = await app.db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(presented) }, select: { id: true, name: true, scope: true, tag: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) return null;
  const now = app.clock();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= touchEveryMs) {
    app.db.prisma.apiToken
      .updateMany({ where: { id: row.id }, data: { lastUsedAt: now } })
      .catch((error: Error) => app.log.warn({ err: error.message, tokenId: row.id }, 'could not record token use'));
  }
  return { id: row.id, name: row.name, scope: row.scope, tag: row.tag };
}

const rowSelect = { id: true, name: true, scope: true, tag: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;
