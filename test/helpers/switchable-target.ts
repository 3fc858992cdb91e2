/**
 * An HTTP target whose health the test flips: `setStatus(503)` makes it fail, `setStatus(200)`
 * heals it. Counts requests so tests can see how often it was checked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SwitchableTarget {
  url: string;
  requests: number;
  /** Most requests in flight at the same moment since start. */
  maxConcurrent: number;
  setStatus(code: number): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startSwitchableTarget(): Promise<SwitchableTarget> {
  let status = 200;
  let delay = 0;
  const state = { requests: 0, inFlight: 0, maxConcurrent: 0 };
  const server = http.createServer((_req, res) => {
    state.requests += 1;
    state.inFlight += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.inFlight);
    setTimeout(() => {
      res.statusCode = status;
      res.end(status < 400 ? 'ok' : 'failing');
      state.inFlight -= 1;
    }, delay);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`,
    get requests() {
      return state.requests;
    },
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    setStatus: (code) => (status = code),
    setDelay: (ms) => (delay = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
