/**
 * A WebSocket client for tests: collects every message, and waits for the one a test expects
 * (with a timeout that names what was awaited and what came instead).
 */
import WebSocket from 'ws';
import { adminHeaders } from '../helpers/api.ts';

export interface TestSocket {
  messages: string[];
  /** Resolves with the first message (from `from` on) that satisfies `match`. */
  next(match: (message: string) => boolean, what: string, timeoutMs?: number, from?: number): Promise<string>;
  /** Waits `ms` and returns what arrived meanwhile. */
  quiet(ms: number): Promise<string[]>;
  close(): Promise<void>;
  socket: WebSocket;
}

export async function openSocket(baseUrl: string, path: string, headers: Record<string, string> = adminHeaders): Promise<TestSocket> {
  const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + path, { headers });
  const messages: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    messages.push(data.toString());
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
  });
  return {
    socket,
    messages,
    next(match, what, timeoutMs = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(match);
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${messages.length} messages: ${messages.map((m) => m.slice(0, 120)).join(' | ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async quiet(ms) {
      const start = messages.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return messages.slice(start);
    },
    close() {
      return new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
