/**
 * A whole instance on its own fresh database, served on 127.0.0.1 port 0: the real server the
 * user runs, with configuration given as environment variables (defaults suit tests).
 */
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const testSecretKey = 'test-secret-key-0123456789abcdefghijklmnop';
/** ADMIN_TOKEN of every test app: API calls in tests authenticate with it as a Bearer token. */
export const testAdminToken = 'test-admin-token-0123456789abcdef';

export interface TestApp extends RunningServer {
  url: string;
  database: TestDatabase;
  config: Readonly<Config>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: TestDatabase;
  clock?: () => Date;
  createSelfIntegration?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    SHUTDOWN_TIMEOUT_MS: '3000',
    ADMIN_TOKEN: testAdminToken,
    // Many test apps share the machine's PostgreSQL (max_connections 100): keep pools small.
    DATABASE_POOL_SIZE: '4',
    ...options.env,
  });
  const server = await startServer(config, createLogger(config.logLevel), {
    databaseUrl: database.url,
    secretKey: testSecretKey,
    ...(options.clock ? { clock: options.clock } : {}),
    createSelfIntegration: options.createSelfIntegration ?? false,
  });
  return {
    ...server,
    url: server.url ?? '',
    database,
    config,
    async close() {
      await server.stop();
      if (!options.database) await database.drop();
    },
  };
}

/** Polls `condition` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(condition: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
