/**
 * `npm test`: unit and integration tests with node's test runner (TAP), on a real PostgreSQL.
 * With DATABASE_URL set, every test file makes its own database on that server; without it, one
 * embedded PostgreSQL is started for the run (the fresh-machine path) and stopped afterwards.
 * Extra arguments select files: `npm test -- test/checks/http.test.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/log.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres.ts';

const files = process.argv.slice(2);
const patterns = files.length > 0 ? files : ['test/**/*.test.ts', 'test/**/*.test.tsx'];
let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

if (!process.env.DATABASE_URL) {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ih-test-pg-'));
  embedded = await startEmbeddedPostgres(dataDir, createLogger('warn'));
  process.env.DATABASE_URL = embedded.url;
  process.stdout.write(`# DATABASE_URL is not set: using an embedded PostgreSQL for this run\n`);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`, '--test-timeout=120000', ...patterns],
  { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
const code: number = await new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
await embedded?.stop();
if (dataDir) await rm(dataDir, { recursive: true, force: true });
process.exit(code);
