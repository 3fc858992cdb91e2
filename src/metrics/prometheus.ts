/**
 * Prometheus metrics of one app instance, on its own prom-client registry (never the global
 * default one, so several instances in one process — tests — do not mix). State is read at
 * scrape time in one batch (integrations, analytics, system facts), so what Prometheus sees is
 * what the database says now; concurrent scrapes share one refresh. Check latency is a real
 * cumulative histogram, observed from `check.completed` events on the bus (every instance sees
 * every check through NOTIFY, so each instance's histogram covers all checks).
 */
import client from 'prom-client';
import type { AppContext } from '../context.ts';
import { healthSummaries } from '../analytics/index.ts';
import { statuses } from '../domain/status.ts';
import { getSystemMetrics } from '../services/system-metrics.ts';

const prefix = 'integration_health_';

export interface PrometheusMetrics {
  registry: client.Registry;
  /** Refreshes the scrape-time gauges and renders the text exposition format. */
  scrape(): Promise<string>;
  contentType: string;
}

export function createPrometheusMetrics(app: AppContext): PrometheusMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new client.Gauge<L>({ name: `${prefix}${name}`, help, labelNames: [...labelNames], registers: [registry] });

  const status = gauge('status', 'Current status of each integration: 1 for the status it is in, 0 for the others.', ['integration', 'status']);
  const uptime = gauge('uptime_ratio', 'Time-weighted uptime (up or degraded time over up, degraded and down time) per window.', ['integration', 'window']);
  const percentile = gauge('latency_percentile_milliseconds', 'Check latency percentiles of working checks over the last 24 h (log-bucket estimate, ≤ 1 % error).', ['integration', 'percentile']);
  const lastCheck = gauge('last_check_timestamp_seconds', 'When each integration was last checked (Unix time).', ['integration']);
  const certificate = gauge('certificate_days_remaining', 'Whole days until the TLS certificate expires (negative once expired), for integrations that report one.', ['integration']);
  const integrations = gauge('integrations', 'Integrations per status.', ['status']);
  const checkRate = gauge('checks_per_minute', 'Results stored per minute, averaged over the last 5 minutes.');
  const queueDue = gauge('queue_due_checks', 'Active integrations whose check is due and not yet recorded.');
  const queueLag = gauge('queue_oldest_due_lag_seconds', 'Seconds since the oldest due check was due (0 when none is due).');
  const websocketClients = gauge('websocket_clients', 'WebSocket clients connected to this instance.');
  const databaseBytes = gauge('database_size_bytes', 'Size of the PostgreSQL database.');
  const historyRows = gauge('history_rows', 'Raw check results stored (planner estimate above 200,000 rows).');

  const latency = new client.Histogram<'integration'>({
    name: `${prefix}check_latency_seconds`,
    help: 'Check latency observed by this instance since it started.',
    labelNames: ['integration'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  app.bus.subscribe((event) => {
    if (event.type === 'check.completed' && event.latencyMs !== null) latency.observe({ integration: event.slug }, event.latencyMs / 1000);
    if (event.type === 'integration.changed' && event.action === 'deleted') latency.remove({ integration: event.slug });
  });

  async function refresh(): Promise<void> {
    const rows = await app.db.prisma.integration.findMany({ select: { id: true, slug: true, status: true, lastCheckedAt: true, certificateDaysRemaining: true } });
    const [health, system] = await Promise.all([healthSummaries(app.db.pool, rows.map((row) => row.id), app.clock()), getSystemMetrics(app)]);
    for (const metric of [status, uptime, percentile, lastCheck, certificate, integrations]) metric.reset();
    for (const row of rows) {
      const labels = { integration: row.slug };
      for (const candidate of statuses) status.set({ ...labels, status: candidate }, candidate === row.status ? 1 : 0);
      const summary = health.get(row.id);
      for (const [window, ratio] of Object.entries(summary?.uptime ?? {})) if (ratio !== null) uptime.set({ ...labels, window }, ratio);
      for (const [name, value] of Object.entries(summary?.latency24h ?? {})) if (value !== null) percentile.set({ ...labels, percentile: name.slice(1) }, value);
      if (row.lastCheckedAt) lastCheck.set(labels, row.lastCheckedAt.getTime() / 1000);
      if (row.certificateDaysRemaining !== null) certificate.set(labels, row.certificateDaysRemaining);
    }
    for (const [name, count] of Object.entries(system.integrations.byStatus)) integrations.set({ status: name }, count);
    checkRate.set(system.checks.perMinute);
    queueDue.set(system.queue.due);
    queueLag.set(system.queue.oldestDueLagSeconds ?? 0);
    websocketClients.set(system.websocketClients);
    databaseBytes.set(system.database.sizeBytes);
    historyRows.set(system.database.historyRows);
  }

  let refreshing: Promise<void> | undefined;
  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      await (refreshing ??= refresh().finally(() => (refreshing = undefined)));
      return registry.metrics();
    },
  };
}
