/**
 * A PostgreSQL server left running by an earlier run. `kill -9` or the OOM killer ends our
 * process but not the postmaster it spawned; that server keeps the data folder locked and every
 * later start failed, so a process manager's restart loop never recovered. Before starting, we
 * look at `postmaster.pid` and:
 * - its process is gone: nothing to do (PostgreSQL replaces a stale file itself);
 * - its process id now belongs to something else (reused after a reboot or container restart):
 *   remove the stale file, which PostgreSQL would otherwise refuse when that process runs as the
 *   same user;
 * - a postmaster whose parent is a live Node.js process: another instance of ours owns the
 *   folder; refuse (killing it would take down a working server);
 * - a postmaster whose parent is gone (adopted by init, or by a subreaper such as
 *   `systemd --user`): stop it with a fast shutdown, escalating only if it does not exit.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.ts';
import { commandLine, describeProcess, type ProcessInfo } from './process-table.ts';

/** Signal → how long to wait for the exit. SIGINT is PostgreSQL's fast shutdown (clean, with a checkpoint); SIGQUIT its immediate shutdown (crash recovery at next start). */
const shutdownSteps: ReadonlyArray<readonly [NodeJS.Signals, number]> = [
  ['SIGINT', 30_000],
  ['SIGQUIT', 10_000],
  ['SIGKILL', 5_000],
];

export async function stopLeftoverPostmaster(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const lines = await readFile(pidFile, 'utf8').then((text) => text.split('\n'), () => undefined);
  if (!lines) return;
  const pid = Number(lines[0]);
  const postmaster = await describeProcess(pid);
  if (!postmaster) {
    log.info({ pidFile, postgresPid: pid }, 'embedded PostgreSQL: postmaster.pid is left from a server that has exited; PostgreSQL replaces it');
    return;
  }
  if (!isPostmasterOf(postmaster, lines[1] || databaseDir)) {
    // Only with a command line we could read: an unreadable one may still be a live postmaster.
    if (postmaster.args.length === 0) return;
    await rm(pidFile, { force: true });
    log.info({ pidFile, postgresPid: pid }, 'embedded PostgreSQL: postmaster.pid names a process that is not this folder\'s server (its id was reused after an unclean stop); removed the stale file');
    return;
  }
  const owner = await liveNodeParent(postmaster);
  if (owner) {
    throw new Error(
      `embedded PostgreSQL data folder ${databaseDir} is in use by a running server (postgres pid ${pid}, started by process ${owner.pid}, which is still running): ` +
        'probably another Integration Health instance with the same DATA_DIR. Stop that instance, or give this one its own DATA_DIR or a DATABASE_URL.',
    );
  }
  log.info({ postgresPid: pid, parentPid: postmaster.ppid, databaseDir }, 'embedded PostgreSQL: a server left running by an earlier run that ended without stopping it (killed or out of memory) holds the data folder; stopping it (fast shutdown)');
  const startedAt = Date.now();
  const signal = await stopProcess(postmaster, databaseDir);
  log.info({ postgresPid: pid, signal, ms: Date.now() - startedAt }, 'embedded PostgreSQL: the leftover server has stopped; starting a new one');
}

/** The postmaster that wrote the file: a `postgres` binary started with `-D <that folder>`. */
function isPostmasterOf(info: ProcessInfo, dataDir: string): boolean {
  return path.basename(info.args[0] ?? '') === 'postgres' && commandLine(info).includes(`-D ${dataDir}`);
}

/** Our server spawns the postmaster itself, so a live owner is its Node.js parent. */
async function liveNodeParent(postmaster: ProcessInfo): Promise<ProcessInfo | undefined> {
  if (postmaster.ppid <= 1) return undefined;
  const parent = await describeProcess(postmaster.ppid);
  return parent && /^node/.test(path.basename(parent.args[0] ?? '')) ? parent : undefined;
}

async function stopProcess(postmaster: ProcessInfo, databaseDir: string): Promise<NodeJS.Signals> {
  for (const [signal, waitMs] of shutdownSteps) {
    try {
      process.kill(postmaster.pid, signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return signal;
      throw new Error(
        `embedded PostgreSQL: the server left running in ${databaseDir} (pid ${postmaster.pid}) cannot be stopped by this user (${code}); ` +
          `stop it as its owner with "pg_ctl stop -D ${databaseDir} -m fast".`,
      );
    }
    if (await exited(postmaster, waitMs)) return signal;
  }
  throw new Error(`embedded PostgreSQL: the server left running in ${databaseDir} (pid ${postmaster.pid}) is still running after SIGKILL`);
}

/** Gone, or its id already taken by another process (then never signal that one). */
async function exited(postmaster: ProcessInfo, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  const original = commandLine(postmaster);
  for (;;) {
    const now = await describeProcess(postmaster.pid);
    if (!now || commandLine(now) !== original) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
