/**
 * Structured JSON logs (pino). One root logger per process; modules take a child with their
 * `component`. Secrets are redacted by path as a second line of defence — the first is never
 * logging them at all.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['*.password', '*.pass', '*.secret', '*.token', '*.secrets', 'req.headers.authorization', 'req.headers.cookie', '*.databaseUrl'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
