/**
 * getSystemMetrics: how the whole installation is doing — integrations per status, check rate,
 * the backlog of due checks, live WebSocket clients, database size, history rows, and this
 * process's uptime and memory. Shared by `/api/v1/metrics/system` and Prometheus `/metrics`.
 */
import type { AppContext } from '../context.ts';
import { statuses, type Status } from '../domain/status.ts';
import { queueNames } from '../jobs/queues.ts';
import { countHistoryRows } from '../store/history.ts';
import { readSystemFacts } from '../store/system.ts';

/** Checks per minute are averaged over this many seconds (one minute alone is too noisy). */
export const checkRateWindowSeconds = 300;

export interface SystemMetrics {
  generatedAt: string;
  integrations: { total: number; byStatus: Record<Status, number> };
  checks: { perMinute: number; windowSeconds: number };
  queue: {
    /** Active integrations whose check is due and not yet recorded (queued or running). */
    due: number;
    oldestDueLagSeconds: number | null;
    /** pg-boss's own counters for the checks queue (refreshed by its monitor, so a little behind). */
    jobs: { ready: number; active: number; deferred: number } | null;
  };
  websocketClients: number;
  database: { sizeBytes: number; historyRows: number; historyRowsEstimated: boolean };
  process: { role: string; uptimeSeconds: number; memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; externalBytes: number } };
}

export async function getSystemMetrics(app: Pick<AppContext, 'db' | 'boss' | 'clock' | 'config' | 'realtimeStats'>): Promise<SystemMetrics> {
  const now = app.clock();
  const [facts, history, queue] = await Promise.all([
    readSystemFacts(app.db.pool, now, checkRateWindowSeconds),
    countHistoryRows(app.db.pool),
    app.boss.getQueue(queueNames.checks).catch(() => null),
  ]);
  const byStatus = Object.fromEntries(statuses.map((status) => [status, facts.byStatus[status] ?? 0])) as Record<Status, number>;
  const memory = process.memoryUsage();
  return {
    generatedAt: now.toISOString(),
    integrations: { total: Object.values(byStatus).reduce((sum, count) => sum + count, 0), byStatus },
    checks: { perMinute: Math.round((facts.recentResults / checkRateWindowSeconds) * 60 * 100) / 100, windowSeconds: checkRateWindowSeconds },
    queue: {
      due: facts.dueChecks,
      oldestDueLagSeconds: facts.oldestDueLagSeconds === null ? null : Math.round(facts.oldestDueLagSeconds * 10) / 10,
      jobs: queue ? { ready: queue.readyCount, active: queue.activeCount, deferred: queue.deferredCount } : null,
    },
    websocketClients: app.realtimeStats?.().clients ?? 0,
    database: { sizeBytes: facts.databaseBytes, historyRows: history.rows, historyRowsEstimated: history.estimated },
    process: {
      role: app.config.role,
      uptimeSeconds: Math.round(process.uptime()),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
    },
  };
}
