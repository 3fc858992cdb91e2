/**
 * Embedded PostgreSQL owned by another process, for crash tests: the child (embedded-child.ts)
 * can be SIGKILLed like a server, leaving its postmaster and watchdog behind, and a test can
 * find both by process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';
import { describeProcess } from '../../src/db/process-table.ts';
import { watchdogName } from '../../src/db/postmaster-watchdog.ts';

export interface EmbeddedChild {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<unknown>;
}

export async function startEmbeddedChild(dataDir: string): Promise<EmbeddedChild> {
  const script = new URL('./embedded-child.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /ready (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`embedded child exited with ${code}:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

/** The pid in the folder's postmaster.pid (undefined without one). */
export async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number(text.split('\n')[0]);
}

export async function isRunning(pid: number): Promise<boolean> {
  return (await describeProcess(pid)) !== undefined;
}

/** The live watchdog of the folder's server (Linux: read from /proc). */
export async function watchdogPid(dataDir: string): Promise<number | undefined> {
  const databaseDir = path.join(path.resolve(dataDir), 'postgres');
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = await describeProcess(Number(entry));
    if (info?.args.includes(watchdogName) && info.args.includes(databaseDir)) return info.pid;
  }
  return undefined;
}

/** A logger whose lines the test can read. */
export function capturedLogger(level = 'info'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger(level, destination), lines };
}
