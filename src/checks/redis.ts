/**
 * `redis` check: connect, AUTH and SELECT when configured, PING (expects +PONG), then INFO server
 * for the version. No Redis client library is a dependency, so this speaks RESP2 over a plain or
 * TLS socket itself: commands go out as arrays of bulk strings and replies are parsed by
 * `readReply`. Only what these few commands need is implemented.
 */
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { describeNetworkError, formatEndpoint, redactSecrets, timeoutMessage } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('Redis host name or IP.'),
  port: z.number().int().min(1).max(65535).default(6379).describe('Redis port.'),
  username: z.string().min(1).optional().describe('ACL user name (Redis 6+); leave empty for the default user.'),
  password: z.string().min(1).optional().describe('Password sent with AUTH (stored encrypted).'),
  db: z.number().int().min(0).optional().describe('Database index to SELECT; leave empty for 0.'),
  tls: z.boolean().default(false).describe('Connect over TLS (verifies the server certificate).'),
}).refine((config) => config.username === undefined || config.password !== undefined, {
  message: 'a user name needs a password',
  path: ['password'],
});

type RedisConfig = z.output<typeof configSchema>;

export const redisCheck = defineCheckKind({
  name: 'redis',
  description: 'Connects to Redis and sends PING.',
  configSchema,
  secretFields: ['password'],
  run: async function runRedisCheck(config, ctx): Promise<Observation> {
    const target = { host: config.host, port: config.port, db: config.db ?? 0, tls: config.tls };
    const started = performance.now();
    let connection: RespConnection | undefined;
    let step = 'connecting';
    try {
      connection = await RespConnection.open(config, ctx.signal);
      if (config.password !== undefined) {
        step = 'AUTH';
        const auth = config.username ? ['AUTH', config.username, config.password] : ['AUTH', config.password];
        await connection.command(auth);
      }
      if (config.db !== undefined && config.db !== 0) {
        step = 'SELECT';
        await connection.command(['SELECT', String(config.db)]);
      }
      step = 'PING';
      const pong = await connection.command(['PING']);
      const latencyMs = Math.round(performance.now() - started);
      if (pong !== 'PONG') {
        return { status: 'down', latencyMs, message: `PING answered ${JSON.stringify(pong)} instead of PONG`, details: target };
      }
      step = 'INFO';
      const info = parseInfo(await connection.command(['INFO', 'server']));
      const version = info.redis_version;
      return {
        status: 'up',
        latencyMs,
        message: `PONG${version ? ` (Redis ${version})` : ''}`,
        details: { ...target, redisVersion: version, mode: info.redis_mode, uptimeSeconds: numberOrUndefined(info.uptime_in_seconds) },
      };
    } catch (error) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        message: redactSecrets(describeRedisError(error, step, config, ctx), config.password ? [config.password] : []),
        details: target,
      };
    } finally {
      connection?.close();
    }
  },
});

/** An error reply from Redis ("-WRONGPASS …"), as opposed to a socket failure. */
class RedisReplyError extends Error {}

/** The peer answered something that is not RESP at all (an HTTP server, a TLS port…). */
class NotRedisError extends Error {}

type Reply = string | number | null | Reply[];

/** One socket, one command in flight at a time; replies are read from a growing buffer. */
class RespConnection {
  private buffer = Buffer.alloc(0);
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket, private readonly signal: AbortSignal) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.deliver();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The server closed the connection')));
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  static open(config: RedisConfig, signal: AbortSignal): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const socket = config.tls
        ? tls.connect({ host: config.host, port: config.port, servername: net.isIP(config.host) ? undefined : config.host })
        : net.connect({ host: config.host, port: config.port });
      const connection = new RespConnection(socket, signal);
      // Until connected, a failure (refused, TLS, abort) rejects the open itself.
      connection.pending = {
        resolve: () => {},
        reject: (error) => {
          connection.close();
          reject(error);
        },
      };
      socket.once(config.tls ? 'secureConnect' : 'connect', () => {
        connection.pending = undefined;
        resolve(connection);
      });
    });
  }

  command(args: string[]): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    // No QUIT: Redis cleans up on a closed socket, and a silent server cannot keep us waiting.
    this.socket.destroy();
  }

  private readonly onAbort = () => {
    this.fail(this.signal.reason instanceof Error ? this.signal.reason : new Error('aborted'));
    this.socket.destroy();
  };

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }

  private deliver(): void {
    if (!this.pending) return;
    const parsed = readReply(this.buffer, 0);
    if (!parsed) return; // incomplete: wait for more bytes
    this.buffer = this.buffer.subarray(parsed.end);
    const pending = this.pending;
    this.pending = undefined;
    if (parsed.reply instanceof Error) pending.reject(parsed.reply);
    else pending.resolve(parsed.reply);
  }
}

function encodeCommand(args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

/** Parses one RESP2 reply starting at `start`; undefined when the buffer does not hold it all yet. */
function readReply(buffer: Buffer, start: number): { reply: Reply | Error; end: number } | undefined {
  if (start >= buffer.length) return undefined;
  const type = String.fromCharCode(buffer[start] ?? 0);
  // Judge the first byte before waiting for a line end: a non-Redis peer may never send one.
  if (!'+-:$*'.includes(type)) {
    const firstLine = buffer.toString('utf8', start, Math.min(buffer.length, start + 40)).split('\r\n')[0] ?? '';
    return { reply: new NotRedisError(firstLine), end: buffer.length };
  }
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd === -1) return undefined;
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new RedisReplyError(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let offset = next;
      for (let i = 0; i < count; i++) {
        const item = readReply(buffer, offset);
        if (!item) return undefined;
        if (item.reply instanceof Error) return item;
        items.push(item.reply);
        offset = item.end;
      }
      return { reply: items, end: offset };
    }
  }
  return undefined; // unreachable: the type was checked above
}

/** INFO answers "key:value" lines grouped under "# Section" headings. */
function parseInfo(reply: Reply): Record<string, string> {
  const info: Record<string, string> = {};
  if (typeof reply !== 'string') return info;
  for (const line of reply.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) info[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return info;
}

function describeRedisError(error: unknown, step: string, config: RedisConfig, ctx: CheckContext): string {
  const where = formatEndpoint(config.host, config.port);
  if (ctx.signal.aborted) return `${timeoutMessage(ctx.timeoutMs)} (${step})`;
  if (error instanceof RedisReplyError) {
    const reply = error.message;
    if (reply.startsWith('WRONGPASS')) return 'Authentication failed: wrong password or user name';
    if (reply.includes('without any password configured')) {
      return 'Authentication failed: a password is configured here, but the Redis server has none set';
    }
    if (reply.startsWith('NOAUTH')) return 'Redis requires a password (NOAUTH): set one in this check';
    if (step === 'SELECT') return `Database ${config.db ?? 0} cannot be selected (${reply})`;
    return `Redis answered ${step} with an error: ${reply}`;
  }
  if (error instanceof NotRedisError) {
    return `${where} does not speak the Redis protocol (it answered ${JSON.stringify(error.message)})`;
  }
  const described = describeNetworkError(error, { host: config.host, port: config.port, timeoutMs: ctx.timeoutMs });
  return step === 'connecting' ? described : `${described} (during ${step})`;
}

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}
