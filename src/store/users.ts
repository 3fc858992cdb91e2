/**
 * User changes that must not leave the installation without an admin. Both lock every admin row
 * (and the target) first, so two admins demoting or deleting each other at the same moment are
 * serialized and the second one sees the first one's result.
 */
import type pg from 'pg';
import { withTransaction } from './sql.ts';

export type AdminGuardedChange = { kind: 'delete' } | { kind: 'role'; role: 'admin' | 'viewer' };
export type AdminGuardOutcome = 'done' | 'not_found' | 'last_admin';

export async function changeUserKeepingAnAdmin(pool: pg.Pool, userId: number, change: AdminGuardedChange): Promise<AdminGuardOutcome> {
  return withTransaction(pool, async (client) => {
    const locked = await client.query<{ id: number; role: string }>(`SELECT id, role FROM users WHERE role = 'admin' OR id = $1 ORDER BY id FOR UPDATE`, [userId]);
    const target = locked.rows.find((row) => row.id === userId);
    if (!target) return 'not_found';
    const removesAdmin = target.role === 'admin' && (change.kind === 'delete' || change.role !== 'admin');
    const admins = locked.rows.filter((row) => row.role === 'admin').length;
    if (removesAdmin && admins <= 1) return 'last_admin';
    if (change.kind === 'delete') await client.query('DELETE FROM users WHERE id = $1', [userId]);
    else await client.query('UPDATE users SET role = $2::"Role" WHERE id = $1', [userId, change.role]);
    return 'done';
  });
}

/**
 * Creates the first user as admin, only if there is still no user at all. The advisory lock
 * makes two instances (or two browser tabs on the setup page) race safely: exactly one wins.
 */
export async function insertFirstAdmin(pool: pg.Pool, email: string, passwordHash: string): Promise<number | null> {
  return withTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('integration-health:first-admin'))`);
    const existing = await client.query('SELECT 1 FROM users LIMIT 1');
    if (existing.rowCount) return null;
    const inserted = await client.query<{ id: number }>(`INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'admin') RETURNING id`, [email, passwordHash]);
    return inserted.rows[0]!.id;
  });
}
