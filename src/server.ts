/**
 * Starts one instance on a given database: migrations, partitions, pg-boss, the event listener,
 * workers (unless ROLE=web), the HTTP server (unless ROLE=worker). main.ts adds the embedded
 * database and signal handling; tests call this directly with their own database.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { createApp } from './app.ts';
import { startConfigFileSync, type ConfigFileSync } from './config-file/sync.ts';
import { analytics } from './analytics/index.ts';
import { createBadgeFeature } from './badges/feature.ts';
import { openDatabase } from './db/database.ts';
import { startBoss } from './jobs/boss.ts';
import { startCheckWorkers } from './jobs/check-worker.ts';
import { createAlertHook } from './jobs/alert-hook.ts';
import { startAlertWorkers } from './jobs/alert-worker.ts';
import { startMaintenance, partitionDaysAhead } from './jobs/maintenance.ts';
import { reconcileSchedules } from './jobs/scheduler.ts';
import type { Logger } from './log.ts';
import { EventBus } from './realtime/bus.ts';
import { startEventListener } from './realtime/listener.ts';
import { Publisher } from './realtime/publisher.ts';
import { StateCache } from './realtime/state-cache.ts';
import { SecretBox } from './security/secret-box.ts';
import { ensureSelfIntegration } from './services/first-run.ts';
import { ensureFirstAdmin } from './services/first-admin.ts';
import { applyMigrations } from './store/migrations.ts';
import { ensurePartitions } from './store/partitions.ts';
import { dayAwaitsRollup } from './store/rollups.ts';

export interface StartOptions {
  databaseUrl: string;
  secretKey: string;
  previousSecretKeys?: string[];
  clock?: () => Date;
  /** First-run `self` integration (default true; tests that count rows turn it off). */
  createSelfIntegration?: boolean;
}

export interface RunningServer {
  context: AppContext;
  /** Base URL of the HTTP server (undefined for ROLE=worker). */
  url: string | undefined;
  httpServer: Server | undefined;
  /** INTEGRATIONS_FILE sync, when the file is set and this instance runs jobs; main.ts reloads it on SIGHUP. */
  configFile: ConfigFileSync | undefined;
  /** Idempotent graceful stop: stop accepting, finish in-flight work, close everything. */
  stop(): Promise<void>;
}

export async function startServer(config: Readonly<Config>, log: Logger, options: StartOptions): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(options.databaseUrl, log, { max: config.databasePoolSize });
  const cleanups: (() => Promise<void>)[] = [() => db.close()];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) {
      const started = performance.now();
      await cleanup().catch((error: Error) => log.warn({ err: error.message }, 'cleanup step failed'));
      log.debug({ step: cleanup.name || 'anonymous', ms: Math.round(performance.now() - started) }, 'shutdown step done');
    }
  };
  try {
    const migrations = await applyMigrations(db.pool);
    if (migrations.applied.length) log.info({ applied: migrations.applied }, 'database migrations applied');
    await ensurePartitions(db.pool, clock(), partitionDaysAhead);

    const runsWorkers = config.role !== 'web';
    const boss = await startBoss(options.databaseUrl, log, { supervise: runsWorkers, max: Math.max(2, Math.ceil(config.databasePoolSize / 2)) });
    const bus = new EventBus(log);
    const listener = await startEventListener(options.databaseUrl, bus, log);
    cleanups.push(() => listener.stop());
    // After the listener, so no change is missed between the first load and the first event.
    const stateCache = await StateCache.start({ prisma: db.prisma, bus, log: log.child({ component: 'state-cache' }) });
    cleanups.push(async () => stateCache.stop());

    const shutdown = new AbortController();
    const context: AppContext = {
      config,
      log,
      db,
      boss,
      secrets: new SecretBox(options.secretKey, options.previousSecretKeys),
      publisher: new Publisher(db.pool, log),
      bus,
      stateCache,
      badges: createBadgeFeature({
        secretKey: options.secretKey,
        state: stateCache,
        pool: db.pool,
        analytics,
        clock,
        log,
        cacheMaxAgeSeconds: config.badgeCacheSeconds,
        publicUrl: config.publicUrl,
      }),
      clock,
      resultHooks: [],
      // A day of raw history is dropped only once every hour of it is rolled up.
      keepPartition: (day) => dayAwaitsRollup(db.pool, day),
      readiness: { bossStarted: true, listenerConnected: () => listener.connected, shuttingDown: false },
    };
    // Every instance records results (push pings reach web instances too), so every one decides alerts.
    context.resultHooks.push(createAlertHook(context));
    // pg-boss stops last among the job machinery: it waits for in-flight jobs (graceful).
    cleanups.push(async () => {
      context.readiness.bossStarted = false;
      const stopping = boss.stop({ graceful: true, timeout: config.shutdownTimeoutMs, close: true });
      // Checks still running when the timeout is near are aborted and handed back to the queue.
      const abortTimer = setTimeout(() => shutdown.abort(), Math.max(0, config.shutdownTimeoutMs - 1_000));
      await stopping;
      clearTimeout(abortTimer);
    });

    if (runsWorkers) {
      await startMaintenance(context);
      // Alerts go out even with HEALTH_MONITORING_ENABLED=false: push results still arrive.
      await startAlertWorkers(context, shutdown.signal);
      if (config.monitoringEnabled) {
        await startCheckWorkers(context, shutdown.signal);
        const repaired = await reconcileSchedules(db.pool, boss, clock());
        if (repaired) log.info({ repaired }, 'scheduled integrations without a pending check');
      } else {
        log.warn('HEALTH_MONITORING_ENABLED=false: serving pages and API, running no checks');
      }
    }

    // Config as code: applied by the instances that run jobs (ROLE=web only serves); an invalid file stops start-up.
    let configFile: ConfigFileSync | undefined;
    if (runsWorkers && config.integrationsFile) {
      const sync = await startConfigFileSync(context, config.integrationsFile);
      cleanups.push(() => sync.stop());
      configFile = sync;
    }

    let httpServer: Server | undefined;
    let url: string | undefined;
    if (config.role !== 'worker') {
      const web = createApp(context);
      // Clients only listen (pages and API clients never send us data), so a large frame from
      // one is refused instead of buffered: ws's default limit is 100 MiB.
      const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
      httpServer = await new Promise<Server>((resolve) => {
        const server = serve({ fetch: web.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, () => resolve(server as Server));
      });
      const address = httpServer.address() as AddressInfo;
      url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${address.port}`;
      const server = httpServer;
      cleanups.push(() => closeHttpServer(server, wss, config.shutdownTimeoutMs));
      log.info({ url, role: config.role }, 'listening');
      // Web instances only: the setup link they print must lead to a server that answers it.
      await ensureFirstAdmin(context, url);
      if (config.monitoringEnabled && options.createSelfIntegration !== false) await ensureSelfIntegration(context, `http://127.0.0.1:${address.port}/healthz`);
    }

    let stopped: Promise<void> | undefined;
    return {
      context,
      url,
      httpServer,
      configFile,
      stop: () =>
        (stopped ??= (async () => {
          context.readiness.shuttingDown = true;
          await runCleanups();
          log.info('stopped');
        })()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}

/**
 * Stops accepting connections, lets in-flight requests finish (idle keep-alive sockets are
 * closed at once), closes WebSockets with 1001 "going away", and after the timeout cuts what is left.
 */
async function closeHttpServer(server: Server, wss: WebSocketServer, timeoutMs: number): Promise<void> {
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(timer);
  wss.close();
}
