/**
 * Makes the embedded PostgreSQL die with our process. A postmaster notices nothing when its
 * parent is killed (`kill -9`, the OOM killer), and Node cannot set Linux's PR_SET_PDEATHSIG on a
 * child. So beside the server runs a tiny shell that blocks reading a pipe from us: the kernel
 * closes that pipe when our process ends, however it ends, and the shell then runs
 * `pg_ctl stop -m fast` on the data folder (pg_ctl checks postmaster.pid itself, so a reused
 * process id is never signalled). It is in its own session, so a Ctrl-C aimed at the server's
 * terminal does not reach it. A clean stop kills the watchdog first, then stops the server.
 *
 * If the watchdog is killed as well, the next start still recovers (leftover-postmaster.ts).
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Logger } from '../log.ts';
import type { SystemUser } from './postgres-system-user.ts';

/** Its argv[0]: names the process in `ps` and lets tests find it. */
export const watchdogName = 'integration-health-postgres-watchdog';

const script = 'while read -r _; do :; done; exec "$1" stop -D "$2" -m fast -s';

export interface PostmasterWatchdog {
  pid: number | undefined;
  stop(): void;
}

export function startPostmasterWatchdog(pgCtl: string, databaseDir: string, user: SystemUser | undefined, log: Logger): PostmasterWatchdog {
  const child = spawn('/bin/sh', ['-c', script, watchdogName, pgCtl, databaseDir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  child.on('error', (error) => log.warn({ err: error.message }, 'embedded PostgreSQL: could not start its watchdog; after a crash the next start stops the leftover server instead'));
  const pipe = child.stdin as Socket;
  pipe.on('error', () => undefined);
  // Neither the watchdog nor our end of its pipe may keep this process alive.
  child.unref();
  pipe.unref();
  return {
    pid: child.pid,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
