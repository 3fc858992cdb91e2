/**
 * `postgres` check: open a connection, run `SELECT 1`, close. A connection string may carry a
 * password, so it is a secret, and no message or detail ever repeats it: failures are worded from
 * PostgreSQL's error codes, and anything left over is scrubbed of the password and the URL.
 */
import pg from 'pg';
import { z } from 'zod';
import { describeNetworkError, formatEndpoint, redactSecrets, timeoutMessage } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

const sslModes = ['disable', 'require', 'verify-full'] as const;

const configSchema = z
  .object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional()
      .describe('Connection string, e.g. postgres://user:password@db.example.com:5432/app. Overrides the separate fields.'),
    host: z.string().min(1).optional().describe('Server host name or IP (used when no connection string is given).'),
    port: z.number().int().min(1).max(65535).default(5432).describe('Server port.'),
    user: z.string().min(1).default('postgres').describe('User to log in as.'),
    password: z.string().optional().describe('Password for the user (stored encrypted).'),
    database: z.string().min(1).default('postgres').describe('Database to connect to.'),
    ssl: z
      .enum(sslModes)
      .default('disable')
      .describe('TLS: disable, require (encrypt, accept any certificate) or verify-full (encrypt and verify the certificate).'),
  })
  .refine((config) => config.url !== undefined || config.host !== undefined, {
    message: 'give either a connection string (url) or a host',
    path: ['host'],
  });

type PostgresConfig = z.output<typeof configSchema>;

export const postgresCheck = defineCheckKind({
  name: 'postgres',
  description: 'Connects to a PostgreSQL server and runs SELECT 1.',
  configSchema,
  secretFields: ['url', 'password'],
  run: async function runPostgresCheck(config, ctx): Promise<Observation> {
    const target = describeTarget(config);
    const client = new pg.Client({
      ...connectionOptions(config),
      // pg takes numbers, not signals: these bound each phase, the abort below bounds the whole.
      connectionTimeoutMillis: ctx.timeoutMs,
      query_timeout: ctx.timeoutMs,
    });
    // A failed connection also emits 'error' on the client; without a listener it would crash.
    client.on('error', () => {});
    const started = performance.now();
    try {
      const result = await abortable(
        (async () => {
          await client.connect();
          return client.query<{ server_version: string }>(
            "SELECT 1 AS ok, current_setting('server_version') AS server_version",
          );
        })(),
        ctx,
        () => client.connection.stream.destroy(),
      );
      const latencyMs = Math.round(performance.now() - started);
      const serverVersion = result.rows[0]?.server_version;
      return {
        status: 'up',
        latencyMs,
        message: `SELECT 1 succeeded${serverVersion ? ` (PostgreSQL ${serverVersion})` : ''}`,
        details: { ...target, serverVersion },
      };
    } catch (error) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        message: scrub(describePostgresError(error, ctx, target), config),
        details: { ...target, ...errorCode(error) },
      };
    } finally {
      await client.end().catch(() => {});
    }
  },
});

function connectionOptions(config: PostgresConfig): pg.ClientConfig {
  const ssl = sslOption(config.ssl);
  if (config.url !== undefined) {
    // An sslmode inside the URL wins over the ssl field, as libpq users expect.
    return { connectionString: config.url, ...(config.url.includes('sslmode=') ? {} : { ssl }) };
  }
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    ssl,
  };
}

function sslOption(mode: PostgresConfig['ssl']): pg.ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' };
}

/** Host, port, database and user: enough to tell which server is meant, nothing secret. */
function describeTarget(config: PostgresConfig): Record<string, unknown> {
  if (config.url === undefined) {
    return { host: config.host, port: config.port, database: config.database, user: config.user };
  }
  try {
    const url = new URL(config.url);
    return {
      host: url.hostname,
      port: url.port ? Number(url.port) : 5432,
      database: decodeURIComponent(url.pathname.slice(1)) || undefined,
      user: decodeURIComponent(url.username) || undefined,
    };
  } catch {
    return {};
  }
}

/** Plain words for the failures people meet; PostgreSQL's SQLSTATE codes are stable. */
function describePostgresError(error: unknown, ctx: CheckContext, target: Record<string, unknown>): string {
  const host = typeof target.host === 'string' ? target.host : undefined;
  const port = typeof target.port === 'number' ? target.port : undefined;
  if (ctx.signal.aborted) return `${timeoutMessage(ctx.timeoutMs)} (${formatEndpoint(host, port)})`;
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case '28P01':
      return `Authentication failed: wrong password for user "${String(target.user ?? '')}"`;
    case '28000':
      return `Authentication failed: the server does not allow this user/host/database (${message ?? 'pg_hba.conf'})`;
    case '3D000':
      return `Database "${String(target.database ?? '')}" does not exist`;
    case '53300':
      return 'The server has too many connections';
    case '57P03':
      return 'The server is starting up or shutting down';
  }
  // pg's own connectionTimeoutMillis fired before the signal did.
  if (message === 'timeout expired' || message === 'Connection terminated due to connection timeout') {
    return `${timeoutMessage(ctx.timeoutMs)} connecting to ${formatEndpoint(host, port)}`;
  }
  if (message === 'Query read timeout') return `SELECT 1 did not answer within ${ctx.timeoutMs} ms`;
  if (message?.includes('does not support SSL')) return 'The server does not support TLS; set ssl to disable';
  if (error instanceof pg.DatabaseError) return `PostgreSQL error ${code ?? ''}: ${message ?? ''}`;
  return describeNetworkError(error, { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
}

function errorCode(error: unknown): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { errorCode: code } : {};
}

/** Belt and braces: no message leaves this file holding the password or the connection string. */
function scrub(text: string, config: PostgresConfig): string {
  const secrets = [config.url, config.password, passwordInUrl(config.url)];
  return redactSecrets(text, secrets.filter((secret): secret is string => secret !== undefined));
}

function passwordInUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Settles with `work`, or rejects as soon as the signal aborts (calling `onAbort` to tear down). */
function abortable<T>(work: Promise<T>, ctx: CheckContext, onAbort: () => void): Promise<T> {
  if (ctx.signal.aborted) {
    onAbort();
    work.catch(() => {});
    return Promise.reject(ctx.signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(ctx.signal.reason);
    };
    ctx.signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => ctx.signal.removeEventListener('abort', abort));
  });
}
