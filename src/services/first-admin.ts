/**
 * The first admin. With ADMIN_EMAIL/ADMIN_PASSWORD set, it is created at start when no user
 * exists yet. Otherwise each web instance prints a one-time setup link to its log; the link
 * works only while there is no user at all, so it dies the moment the first admin exists — there
 * is never an open setup page.
 *
 * The link's token is derived from SECRET_KEY (HMAC), not stored: every instance prints the same
 * link and accepts it, with no table needed. Rotating SECRET_KEY changes it.
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { secretsEqual } from '../security/tokens.ts';
import { insertFirstAdmin } from '../store/users.ts';
import { emailSchema, passwordSchema } from './users.ts';
import { z } from 'zod';

type Deps = Pick<AppContext, 'db' | 'secrets' | 'config' | 'log'>;

export function setupToken(app: Pick<AppContext, 'secrets'>): string {
  return createHmac('sha256', app.secrets.deriveKey('first-admin-setup')).update('v1').digest('base64url');
}

export async function needsSetup(app: Pick<AppContext, 'db'>): Promise<boolean> {
  return (await app.db.prisma.user.count()) === 0;
}

export function isSetupToken(app: Pick<AppContext, 'secrets'>, presented: string): boolean {
  return secretsEqual(presented, setupToken(app));
}

/** At start: create the admin from the environment, or print the setup link. */
export async function ensureFirstAdmin(app: Deps, baseUrl: string): Promise<void> {
  if (!(await needsSetup(app))) return;
  if (app.config.admin) {
    const id = await insertFirstAdmin(app.db.pool, app.config.admin.email.trim().toLowerCase(), await hashPassword(app.config.admin.password));
    if (id !== null) app.log.info({ email: app.config.admin.email }, 'first run: created the first admin from ADMIN_EMAIL');
    return;
  }
  const link = `${app.config.publicUrl ?? baseUrl}/setup?token=${setupToken(app)}`;
  // The one deliberate secret in the log: whoever reads the server's log may create the first
  // admin. It stops working as soon as any user exists.
  app.log.warn(`first run: no users yet. Create the first admin with this one-time link: ${link}`);
}

const setupSchema = z
  .object({ email: emailSchema, password: passwordSchema, confirm: z.string() })
  .refine((input) => input.password === input.confirm, { path: ['confirm'], message: 'does not match the password' });

/** Creates the first admin through the setup link; refuses once anyone exists. */
export async function completeSetup(app: Deps, token: string, input: unknown): Promise<number> {
  if (!isSetupToken(app, token)) throw new AppError('forbidden', 'This setup link is not valid');
  const parsed = setupSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const id = await insertFirstAdmin(app.db.pool, parsed.data.email, await hashPassword(parsed.data.password));
  if (id === null) throw new AppError('conflict', 'Setup is already complete: sign in instead');
  app.log.info({ email: parsed.data.email }, 'first admin created through the setup link');
  return id;
}
