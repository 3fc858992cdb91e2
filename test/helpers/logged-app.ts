/**
 * A test instance whose log lines are kept (as parsed JSON objects and raw text), for tests that
 * read what the server logged: the first-run setup link, and that no secret is ever logged.
 * It can also run with another SECRET_KEY (key rotation tests).
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer } from '../../src/server.ts';
import { testAdminToken, testSecretKey, type TestApp } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface LoggedTestApp extends TestApp {
  logs: string[];
}

export interface LoggedAppOptions {
  env?: Record<string, string>;
  level?: string;
  database?: TestDatabase;
  clock?: () => Date;
  /** Defaults to the test key; set with `previousSecretKeys` to test a key rotation. */
  secretKey?: string;
  previousSecretKeys?: string[];
}

export async function startLoggedApp(options: LoggedAppOptions = {}): Promise<LoggedTestApp> {
  const database = options.database ?? (await createTestDatabase());
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: options.level ?? 'trace', SHUTDOWN_TIMEOUT_MS: '3000', ADMIN_TOKEN: testAdminToken, ...options.env });
  const server = await startServer(config, createLogger(config.logLevel, destination), {
    databaseUrl: database.url,
    secretKey: options.secretKey ?? testSecretKey,
    previousSecretKeys: options.previousSecretKeys ?? [],
    createSelfIntegration: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...server,
    url: server.url ?? '',
    database,
    config,
    logs,
    async close() {
      await server.stop();
      if (!options.database) await database.drop();
    },
  };
}
