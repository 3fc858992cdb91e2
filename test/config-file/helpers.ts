/**
 * Test support for INTEGRATIONS_FILE: a real instance whose log lines are captured (to prove
 * what is logged, and that secrets are not), and file writes the way editors make them.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { testAdminToken, testSecretKey } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** Every log line of every instance started here, as raw JSON text. */
export const capturedLogLines: string[] = [];

export interface LoggedApp extends RunningServer {
  url: string;
  database: TestDatabase;
  /** This instance's log lines (parsed). */
  logs: Array<{ msg?: string; level?: number; [key: string]: unknown }>;
  close(): Promise<void>;
}

export async function startLoggedApp(options: { env: Record<string, string>; database?: TestDatabase }): Promise<LoggedApp> {
  const database = options.database ?? (await createTestDatabase());
  const logs: LoggedApp['logs'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        capturedLogLines.push(line);
        logs.push(JSON.parse(line) as LoggedApp['logs'][number]);
      }
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '3000', ADMIN_TOKEN: testAdminToken, HEALTH_MONITORING_ENABLED: 'false', ...options.env });
  try {
    const server = await startServer(config, createLogger('debug', sink), { databaseUrl: database.url, secretKey: testSecretKey, createSelfIntegration: false });
    return {
      ...server,
      url: server.url ?? '',
      database,
      logs,
      async close() {
        await server.stop();
        if (!options.database) await database.drop();
      },
    };
  } catch (error) {
    if (!options.database) await database.drop();
    throw error;
  }
}

export async function makeConfigDir(): Promise<{ dir: string; file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ih-config-file-'));
  return { dir, file: path.join(dir, 'integrations.yaml'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Saves like many editors do: write a temporary file beside it, then rename it over the original. */
export async function saveByReplacing(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

export const yamlLines = (...lines: string[]) => `${lines.join('\n')}\n`;
