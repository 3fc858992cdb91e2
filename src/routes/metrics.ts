/** `GET /metrics`: Prometheus text exposition of this instance (see src/metrics/prometheus.ts). */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { createPrometheusMetrics } from '../metrics/prometheus.ts';

export function metricsRoutes(app: AppContext) {
  const metrics = createPrometheusMetrics(app);
  return new Hono().get('/metrics', async (c) => {
    const body = await metrics.scrape();
    c.header('Content-Type', metrics.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });
}
