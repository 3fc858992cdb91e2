/**
 * `tcp` check: open a connection to host:port and close it at once. Proves something listens
 * (and that DNS and routing work); says nothing about the protocol spoken there.
 */
import net from 'node:net';
import { z } from 'zod';
import { describeNetworkError, formatEndpoint, timeoutMessage } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

export const tcpConfigSchema = z.object({
  host: z.string().trim().min(1).describe('Host name or IP address to connect to'),
  port: z.number().int().min(1).max(65535).describe('TCP port'),
});

export type TcpConfig = z.output<typeof tcpConfigSchema>;

export interface ConnectedSocket {
  /** Milliseconds from the start (DNS lookup included) until the connection was open. */
  connectMs: number;
  remoteAddress: string | undefined;
  remoteFamily: string | undefined;
}

/**
 * Connects, then destroys the socket; rejects with a plain-words Error. The socket is destroyed
 * on every path (success, error, abort), so nothing outlives the check.
 */
export function probeTcpConnect(host: string, port: number, ctx: Pick<CheckContext, 'signal' | 'timeoutMs'>): Promise<ConnectedSocket> {
  return new Promise((resolve, reject) => {
    if (ctx.signal.aborted) {
      reject(new Error(timeoutMessage(ctx.timeoutMs)));
      return;
    }
    const started = performance.now();
    const socket = net.connect({ host, port });
    const finish = (outcome: () => void) => {
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(new Error(timeoutMessage(ctx.timeoutMs))));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      const connected: ConnectedSocket = {
        connectMs: Math.round(performance.now() - started),
        remoteAddress: socket.remoteAddress,
        remoteFamily: socket.remoteFamily,
      };
      finish(() => resolve(connected));
    });
    socket.once('error', (err) => {
      finish(() => reject(new Error(describeNetworkError(err, { host, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal }))));
    });
  });
}

async function runTcpCheck(config: TcpConfig, ctx: CheckContext): Promise<Observation> {
  const connected = await probeTcpConnect(config.host, config.port, ctx);
  return {
    status: 'up',
    latencyMs: connected.connectMs,
    message: `Connected to ${formatEndpoint(config.host, config.port)} in ${connected.connectMs} ms`,
    details: { remoteAddress: connected.remoteAddress, remoteFamily: connected.remoteFamily },
  };
}

export const tcpCheck = defineCheckKind({
  name: 'tcp',
  description: 'Open a TCP connection to a host and port',
  configSchema: tcpConfigSchema,
  secretFields: [],
  run: runTcpCheck,
});
