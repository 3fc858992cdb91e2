/**
 * People who sign in: admins change things, viewers read. Two rules protect the installation
 * from locking itself out: nobody changes their own role or deletes themselves, and the last
 * admin cannot be demoted or deleted (enforced under a row lock in src/store/users.ts).
 */
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { hashPassword, maxPasswordLength, minPasswordLength } from '../security/passwords.ts';
import { changeUserKeepingAnAdmin, type AdminGuardedChange } from '../store/users.ts';
import type { Role, SessionUser } from './sessions.ts';

export const roles = ['admin', 'viewer'] as const satisfies readonly Role[];

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@<>"']+@[^\s@<>"']+$/, 'must be an email address');

export const passwordSchema = z
  .string()
  .min(minPasswordLength, `must be at least ${minPasswordLength} characters`)
  .max(maxPasswordLength, `must be at most ${maxPasswordLength} characters`);

const roleSchema = z.enum(roles, { message: 'must be admin or viewer' });

export const newUserSchema = z.object({ email: emailSchema, password: passwordSchema, role: roleSchema });

export interface UserRow extends SessionUser {
  createdAt: Date;
  lastLoginAt: Date | null;
}

type Deps = Pick<AppContext, 'db'>;

export async function listUsers(app: Deps): Promise<UserRow[]> {
  return app.db.prisma.user.findMany({ orderBy: { email: 'asc' }, select: { id: true, email: true, role: true, createdAt: true, lastLoginAt: true } });
}

export async function countUsers(app: Deps): Promise<number> {
  return app.db.prisma.user.count();
}

export async function createUser(app: Deps, input: unknown): Promise<SessionUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { email, password, role } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    return await app.db.prisma.user.create({ data: { email, passwordHash, role }, select: { id: true, email: true, role: true } });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('conflict', 'A user with this email already exists', { issues: [{ path: ['email'], message: 'is already taken' }] });
    }
    throw error;
  }
}

/** `actingUserId` is null for API tokens (they have no user, so no "yourself"). */
export async function setUserRole(app: Deps, actingUserId: number | null, userId: number, roleInput: unknown): Promise<void> {
  const role = roleSchema.safeParse(roleInput);
  if (!role.success) throw invalidInput(role.error, ['role']);
  if (actingUserId === userId) throw new AppError('forbidden', 'You cannot change your own role');
  await guarded(app, userId, { kind: 'role', role: role.data });
}

export async function deleteUser(app: Deps, actingUserId: number | null, userId: number): Promise<void> {
  if (actingUserId === userId) throw new AppError('forbidden', 'You cannot delete yourself');
  await guarded(app, userId, { kind: 'delete' });
}

async function guarded(app: Deps, userId: number, change: AdminGuardedChange): Promise<void> {
  const outcome = await changeUserKeepingAnAdmin(app.db.pool, userId, change);
  if (outcome === 'not_found') throw new AppError('not_found', `No user ${userId}`);
  if (outcome === 'last_admin') throw new AppError('conflict', 'This is the last admin: make someone else an admin first');
}
