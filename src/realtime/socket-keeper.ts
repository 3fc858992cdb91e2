/**
 * Keeps the hub's WebSockets honest: a protocol ping every `intervalMs` (browsers answer by
 * themselves) drops clients that vanished without closing (a sleeping laptop, a cut network),
 * and a client whose unsent data piles up is closed with 1013 so it reconnects and starts fresh
 * instead of growing a queue in this process. The timer runs only while there are sockets.
 */
import type { WebSocket } from 'ws';

/** A message for many sockets: encode it once (`Buffer.from(text)`), not once per socket. */
export type Outgoing = string | Buffer;

export class SocketKeeper {
  readonly #alive = new Map<WebSocket, boolean>();
  readonly #onGone: (socket: WebSocket) => void;
  readonly #intervalMs: number;
  readonly #maxBufferedBytes: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: { intervalMs: number; maxBufferedBytes: number; onGone: (socket: WebSocket) => void }) {
    this.#intervalMs = options.intervalMs;
    this.#maxBufferedBytes = options.maxBufferedBytes;
    this.#onGone = options.onGone;
  }

  watch(socket: WebSocket): void {
    this.#alive.set(socket, true);
    const gone = () => this.#forget(socket);
    socket.on('close', gone);
    socket.on('error', gone);
    socket.on('pong', () => this.#alive.has(socket) && this.#alive.set(socket, true));
    this.#timer ??= setInterval(() => this.#pingAll(), this.#intervalMs);
    this.#timer.unref();
  }

  /**
   * Sends (as text frames) unless the socket is closed or too far behind (then it is closed and
   * forgotten). Several messages leave in one write: the TCP socket is corked around them.
   */
  send(socket: WebSocket, messages: Outgoing | readonly Outgoing[]): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.#maxBufferedBytes) {
      socket.close(1013, 'too far behind; reconnect');
      this.#forget(socket);
      return;
    }
    if (!Array.isArray(messages)) return void socket.send(messages, { binary: false });
    // `_socket` is ws's underlying net.Socket (not in its typings); cork counts nest, so ws's own
    // per-frame cork/uncork inside send() no longer flushes until ours is released.
    const tcp = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    tcp?.cork();
    try {
      for (const message of messages) socket.send(message, { binary: false });
    } finally {
      tcp?.uncork();
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #pingAll(): void {
    for (const [socket, alive] of this.#alive) {
      if (!alive) {
        socket.terminate();
        this.#forget(socket);
        continue;
      }
      this.#alive.set(socket, false);
      try {
        socket.ping();
      } catch {
        this.#forget(socket);
      }
    }
  }

  #forget(socket: WebSocket): void {
    if (!this.#alive.delete(socket)) return;
    if (this.#alive.size === 0) this.stop();
    this.#onGone(socket);
  }
}
