/**
 * Entry point: configuration → database (embedded PostgreSQL unless DATABASE_URL is set) →
 * server. SIGTERM/SIGINT stop it gracefully, once; a second signal forces the exit.
 */
import { ConfigError, loadConfig } from './config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.ts';
import { createLogger } from './log.ts';
import { resolveSecretKey } from './security/secret-key.ts';
import { startServer, type RunningServer } from './server.ts';

const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split('.').map(Number);
if (nodeMajor < 22 || (nodeMajor === 22 && nodeMinor < 12)) {
  process.stderr.write(`Integration Health needs Node.js 22.12 or newer (this is ${process.versions.node}); Node 24 LTS is recommended.\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let server: RunningServer | undefined;
  let stopping: Promise<void> | undefined;

  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return stopping;
    log.info({ reason }, 'shutting down');
    stopping = (async () => {
      await server?.stop().catch((error: Error) => log.error({ err: error.message }, 'error while stopping the server'));
      await embedded?.stop().catch((error: Error) => log.error({ err: error.message }, 'error while stopping embedded PostgreSQL'));
      process.exitCode = exitCode;
      // Everything is stopped and flushed; idle keep-alive sockets or library timers must not keep
      // a stopped server alive (a process manager waits for the exit).
      setTimeout(() => process.exit(exitCode), 100).unref();
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      void stop(signal);
    });
  }
  // SIGHUP re-applies INTEGRATIONS_FILE now (the file is also watched); it never stops the server.
  process.on('SIGHUP', () => {
    if (server?.configFile) void server.configFile.reload('SIGHUP');
    else log.info('SIGHUP: nothing to reload (no INTEGRATIONS_FILE, or ROLE=web does not apply it)');
  });
  process.on('unhandledRejection', (reason) => log.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled promise rejection'));

  try {
    const secretKey = await resolveSecretKey(config, log);
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres(config.dataDir, log);
      databaseUrl = embedded.url;
    }
    server = await startServer(config, log, { databaseUrl, secretKey, previousSecretKeys: config.previousSecretKeys });
    if (server.url) log.info(`Integration Health is running: ${server.url}/integrations/health`);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `start-up failed: ${(error as Error).message}`;
    log.fatal({ err: (error as Error).message }, message);
    process.stderr.write(`${message}\n`);
    await stop('start-up failed', 1);
  }
}

await main();
