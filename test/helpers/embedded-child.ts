/**
 * Run as a child process by tests: starts the embedded PostgreSQL in the folder given as the
 * first argument, prints "ready <port>" and waits. A stand-in for a server that gets killed.
 */
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';

const database = await startEmbeddedPostgres(process.argv[2]!, createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr));
process.stdout.write(`ready ${database.port}\n`);
setInterval(() => undefined, 60_000);
