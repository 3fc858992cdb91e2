/**
 * What the operating system says about one process: its parent and its command line. Linux is
 * read from /proc (no `ps` needed, which slim container images lack); other platforms ask `ps`.
 * A zombie counts as gone: it has exited and only waits for its parent to reap it, and
 * `kill(pid, 0)` would still report it alive.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** argv; from `ps` (not Linux) split on spaces, so compare joined with `commandLine()`. */
  args: string[];
}

export async function describeProcess(pid: number): Promise<ProcessInfo | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return process.platform === 'linux' ? fromProc(pid) : fromPs(pid);
}

export function commandLine(info: ProcessInfo): string {
  return info.args.join(' ');
}

async function fromProc(pid: number): Promise<ProcessInfo | undefined> {
  const [stat, cmdline] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined), readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')]);
  if (stat === undefined) return undefined;
  // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (state === 'Z' || state === 'X') return undefined;
  return { pid, ppid: Number(ppid), args: cmdline.split('\0').filter(Boolean) };
}

async function fromPs(pid: number): Promise<ProcessInfo | undefined> {
  const output = await promisify(execFile)('ps', ['-o', 'stat=,ppid=,command=', '-p', String(pid)]).then(
    ({ stdout }) => stdout.trim(),
    () => '',
  );
  const match = /^(\S+)\s+(\d+)\s+(.*)$/.exec(output);
  if (!match || match[1]!.startsWith('Z')) return undefined;
  return { pid, ppid: Number(match[2]), args: match[3]!.split(' ') };
}
