/**
 * Keeps the database in step with INTEGRATIONS_FILE: applied once at start (an invalid file
 * stops start-up), then whenever its content changes and on demand (SIGHUP). A bad edit while
 * running is logged as one line naming file:line:field and changes nothing; the server keeps
 * running with the last good state.
 *
 * Watching: editors save by writing in place, by writing a temp file and renaming it over the
 * original, or (Kubernetes ConfigMaps) by swapping a symlinked directory. Watching the directory
 * (of the path and of its real target) sees all of these; events are debounced and a change is
 * acted on only when the content hash differs. A slow poll covers filesystems without events.
 */
import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.ts';
import { applyConfigFile, describeSummary, type ApplySummary } from './apply.ts';
import { ConfigFileError } from './errors.ts';
import { hashContent, parseConfigFile, readConfigText } from './parse.ts';

export interface ConfigFileSync {
  readonly file: string;
  /** Re-reads and applies now, even when the content looks unchanged (SIGHUP). Never throws. */
  reload(reason?: string): Promise<ApplySummary | undefined>;
  stop(): Promise<void>;
}

export interface ConfigFileSyncOptions {
  /** Quiet time after the last file event before reading (editors write in several steps). */
  debounceMs?: number;
  /** Safety-net poll for filesystems that deliver no events (some network and VM mounts). */
  pollMs?: number;
  /** false: apply at start and on reload() only (no watching, no polling). */
  watch?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function startConfigFileSync(app: AppContext, file: string, options: ConfigFileSyncOptions = {}): Promise<ConfigFileSync> {
  const log = app.log.child({ component: 'config-file' });
  const env = options.env ?? process.env;
  const debounceMs = options.debounceMs ?? 300;
  const pollMs = options.pollMs ?? 15_000;

  // At start errors propagate: the caller stops start-up with the error's one line.
  const text = await readConfigText(file);
  const first = await applyConfigFile(app, parseConfigFile(text, file, env));
  log.info({ file, ...first }, `config file applied: ${describeSummary(first)}`);
  let lastSeenHash = hashContent(text);

  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const applyNow = async (reason: string, force: boolean): Promise<ApplySummary | undefined> => {
    if (stopped) return undefined;
    try {
      const current = force ? await readConfigText(file) : await readSettled(file, debounceMs, lastSeenHash);
      if (current === undefined) return undefined;
      // Remembered before applying: a broken file is reported once, not on every event.
      lastSeenHash = hashContent(current);
      const summary = await applyConfigFile(app, parseConfigFile(current, file, env));
      log.info({ file, reason, ...summary }, `config file applied: ${describeSummary(summary)}`);
      return summary;
    } catch (error) {
      const fileProblem = error instanceof ConfigFileError;
      // Not the file's fault (database unreachable): the next poll tries the same content again.
      if (!fileProblem) lastSeenHash = '';
      // One line: driver errors can span several.
      const message = fileProblem ? error.message : `could not apply ${file}: ${(error as Error).message.replace(/\s+/g, ' ').trim()}`;
      log.error({ file, reason }, `config file not applied (keeping the current state): ${message}`);
      return undefined;
    }
  };
  // One apply at a time in this process; other instances are kept in turn by the advisory lock.
  const enqueue = (reason: string, force: boolean) => {
    const run = queue.then(() => applyNow(reason, force));
    queue = run.catch(() => undefined);
    return run;
  };

  let debounce: NodeJS.Timeout | undefined;
  const onEvent = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void enqueue('file changed', false), debounceMs);
  };
  const watching = options.watch !== false;
  const watchers = watching ? await watchDirectories(file, onEvent, (error) => log.warn({ file, err: error.message }, 'cannot watch the config file directory; polling instead')) : [];
  const poll = watching ? setInterval(() => void enqueue('poll', false), pollMs) : undefined;
  poll?.unref();

  return {
    file,
    reload: (reason = 'reload') => enqueue(reason, true),
    async stop() {
      stopped = true;
      clearTimeout(debounce);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
      await queue;
    },
  };
}

/**
 * The file's text once it has stopped changing, or undefined when it is what was last seen. A
 * file written in place is briefly empty or half-written; acting on that could delete what the
 * missing half declares, so the text must read the same twice, `settleMs` apart.
 */
async function readSettled(file: string, settleMs: number, lastSeenHash: string): Promise<string | undefined> {
  let text = await readConfigText(file);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (hashContent(text) === lastSeenHash) return undefined;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const again = await readConfigText(file);
    if (again === text) return text;
    text = again;
  }
  return text;
}

async function watchDirectories(file: string, onEvent: () => void, onError: (error: Error) => void): Promise<FSWatcher[]> {
  const target = await realpath(file).catch(() => file);
  const directories = [...new Set([path.dirname(path.resolve(file)), path.dirname(target)])];
  const watchers: FSWatcher[] = [];
  for (const directory of directories) {
    try {
      const watcher = watch(directory, { persistent: false }, onEvent);
      watcher.on('error', (error) => {
        watcher.close();
        onError(error);
      });
      watchers.push(watcher);
    } catch (error) {
      onError(error as Error);
    }
  }
  return watchers;
}
