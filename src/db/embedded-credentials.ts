/**
 * The embedded PostgreSQL's credentials. Each data folder gets its own random superuser password,
 * kept in DATA_DIR/postgres-password (mode 0600, owned by the user that runs the server; outside
 * the PostgreSQL folder, which belongs to the `postgres` system user when we run as root).
 * pg_hba.conf allows SCRAM-SHA-256 logins only, and the server listens on 127.0.0.1 only (no
 * Unix socket), so no other local user or process gets in without that file.
 *
 * Folders made before this used the fixed password `postgres` with `password` logins: on start
 * they are upgraded (the new password is set over the old one, pg_hba.conf replaced).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.ts';

export const passwordFileName = 'postgres-password';
export const superuser = 'postgres';
/** What embedded folders were created with before each got its own password. */
const legacyPassword = 'postgres';

/** Server flags: TCP on 127.0.0.1 only, no Unix socket (an empty socket directory list). */
export const listenFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

export const hbaConf = [
  '# Written by Integration Health on every start (see README, Security): password logins',
  '# with SCRAM-SHA-256 over 127.0.0.1 only; the password is in DATA_DIR/postgres-password.',
  '# TYPE  DATABASE     USER  ADDRESS       METHOD',
  'local   all          all                 scram-sha-256',
  'host    all          all   127.0.0.1/32  scram-sha-256',
  'host    replication  all   127.0.0.1/32  scram-sha-256',
  '',
].join('\n');

/** The folder's password, created on first use. */
export async function readOrCreatePassword(root: string, log: Logger): Promise<string> {
  const file = path.join(root, passwordFileName);
  const password = randomBytes(24).toString('base64url');
  const created = await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' }).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return false;
    throw error;
  });
  if (created) {
    log.info({ file }, 'embedded PostgreSQL: generated a random password for this data folder');
    return password;
  }
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) {
    await chmod(file, 0o600);
    log.info({ file, mode: (info.mode & 0o777).toString(8) }, 'embedded PostgreSQL: the password file was readable by others; made it 0600');
  }
  const stored = (await readFile(file, 'utf8')).trim();
  if (!stored) throw new Error(`embedded PostgreSQL: the password file ${file} is empty; delete it only together with the database folder, or write the current password into it`);
  return stored;
}

/** Replaces pg_hba.conf when it is not ours (an older folder, or edited). Written in place so it keeps its owner. */
export async function ensureHbaConf(databaseDir: string, log: Logger, options: { quiet?: boolean } = {}): Promise<void> {
  const file = path.join(databaseDir, 'pg_hba.conf');
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === hbaConf) return;
  await writeFile(file, hbaConf);
  if (!options.quiet) log.info({ file }, 'embedded PostgreSQL: pg_hba.conf replaced: SCRAM-SHA-256 logins over 127.0.0.1 only');
}

/**
 * Connects as the superuser with the folder's password. A folder still on the old fixed password
 * (never upgraded, or interrupted between writing the password file and changing the password)
 * is moved to the folder's password first.
 */
export async function connectAsSuperuser(port: number, password: string, log: Logger): Promise<pg.Client> {
  const current = await connect(port, password).catch(rethrowUnlessAuthFailure);
  if (current) return current;
  const legacy = await connect(port, legacyPassword).catch(rethrowUnlessAuthFailure);
  if (!legacy) {
    throw new Error(`embedded PostgreSQL refused the password in DATA_DIR/${passwordFileName}: it does not belong to this data folder (restore the file that came with it)`);
  }
  // A SCRAM verifier, not the password itself, so the password never reaches the server's logs.
  await legacy.query(`ALTER ROLE ${superuser} PASSWORD ${legacy.escapeLiteral(scramVerifier(password))}`);
  log.info('embedded PostgreSQL: replaced the old fixed password with this folder\'s random password');
  return legacy;
}

async function connect(port: number, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: superuser, password, database: 'postgres' });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

function rethrowUnlessAuthFailure(error: unknown): undefined {
  // 28P01 invalid_password
  if ((error as { code?: string }).code === '28P01') return undefined;
  throw error;
}

/**
 * What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677), as libpq's
 * PQencryptPasswordConn computes it. Our passwords are ASCII, which SASLprep leaves unchanged.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
