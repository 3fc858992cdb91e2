/**
 * `npm run config:export [-- --out integrations.yaml]`: writes the current integrations as an
 * INTEGRATIONS_FILE, secrets as `${NAME}` placeholders, to stdout or a file. Reads DATABASE_URL,
 * or the embedded database under DATA_DIR when it is unset — the one `npm start` uses: if that
 * server is running, its PostgreSQL is reused (port from postmaster.pid, password from its file), else it is started
 * for the export and stopped afterwards. Logs go to stderr so stdout is only the YAML.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportConfig } from '../config-file/export.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.ts';
import { createLogger } from '../log.ts';
import { SecretBox } from '../security/secret-box.ts';
import { resolveSecretKey } from '../security/secret-key.ts';

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
