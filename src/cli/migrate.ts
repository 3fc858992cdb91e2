/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
 * database under DATA_DIR when it is unset (the same database `npm start` would use).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { createLogger } from '../log.ts';
import { applyMigrations } from '../store/migrations.ts';

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const db = openDatabase(config.databaseUrl ?? embedded!.url, log, { max: 1 });
  try {
    const report = await applyMigrations(db.pool);
    process.stdout.write(`applied ${report.applied.length} migration(s)${report.applied.length ? `: ${report.applied.join(', ')}` : ''}; ${report.alreadyApplied} already applied\n`);
  } finally {
    await db.close();
    await embedded?.stop();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
}
