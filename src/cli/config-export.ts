/**
 * `npm run config:export [-- --out integrations.yaml]`: writes the current integrations as an
 * INTEGRATIONS_FILE, secrets as `${NAME}` placeholders, to stdout or a file. Reads DATABASE_URL,
 * or the embedded database under DATA_DIR when it is unset — the one `npm start` uses: if that
 * server is running, its PostgreSQL is reused (port from postmaster.pid), else it is started
 * for the export and stopped afterwards. Logs go to stderr so stdout is only the YAML.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportConfig } from '../config-file/export.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.ts';
import { createLogger } from '../log.ts';
import { SecretBox } from '../security/secret-box.ts';
import { resolveSecretKey } from '../security/secret-key.ts';

/** Same name as in embedded-postgres.ts. */
const embeddedDatabaseName = 'integration_health';

try {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' } } });
  const config = loadConfig();
  // Quiet by default: only problems on stderr, the YAML alone on stdout.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    databaseUrl = embedded.url;
  }
  const db = openDatabase(databaseUrl, log, { max: 2 });
  try {
    const secrets = new SecretBox(await resolveSecretKey(config, log), config.previousSecretKeys);
    const result = await exportConfig({ prisma: db.prisma, secrets });
    if (values.out) {
      await writeFile(values.out, result.yaml);
      process.stderr.write(`wrote ${values.out}${result.variables.length ? `; it needs these environment variables: ${result.variables.join(', ')}` : ''}\n`);
    } else {
      process.stdout.write(result.yaml);
    }
  } finally {
    await db.close();
    await embedded?.stop();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `export failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}

/** The URL of the embedded PostgreSQL a running `npm start` owns, if there is one. */
async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const pidFile = path.resolve(dataDir, 'postgres', 'postmaster.pid');
  const lines = await readFile(pidFile, 'utf8').then((text) => text.split('\n'), () => undefined);
  const pid = Number(lines?.[0]);
  const port = Number(lines?.[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but owned by the `postgres` system user (we run as root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return `postgresql://postgres:postgres@127.0.0.1:${port}/${embeddedDatabaseName}`;
}
