/**
 * Runs the server as a real child process the way `npm start` does: the bundle dist/main.js,
 * built from the current sources once per test process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { buildServer } from '../../scripts/build.ts';

let built: Promise<string> | undefined;

/** The node flags of package.json's `start` script (`… exec node <flags> dist/main.js`), so tests run what users run. */
export const startNodeFlags: string[] = (() => {
  const start: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts.start;
  const flags = /exec node (.*?) dist\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`package.json start script does not end in "exec node … dist/main.js": ${start}`);
  return flags.split(/\s+/).filter(Boolean);
})();

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartOptions {
  /** Run the README's own command (`npm start`: build, then exec node) instead of the bundle directly. */
  viaNpmStart?: boolean;
}

export async function startServerProcess(env: Record<string, string | undefined>, readyTimeoutMs = 60_000, options: StartOptions = {}): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', DATABASE_POOL_SIZE: '4', ...env, PORT: String(port) };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  let child: ChildProcess;
  if (options.viaNpmStart) {
    child = spawn('npm', ['start', '--silent'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    built ??= buildServer();
    child = spawn(process.execPath, [...startNodeFlags, await built], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
