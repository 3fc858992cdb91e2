/** `/alerts` page and the two htmx actions on it (retry a delivery, send a test), answered with the row they change. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { csrfTokenOf } from '../middleware/auth/index.ts';
import { headerAccountOf } from './page-access.ts';
import { findChannelOrThrow, sendTestAlert } from '../services/alert-channels.ts';
import { deliveryQuerySchema, findDeliveries, findDeliveryOrThrow, retryDelivery } from '../services/alert-deliveries.ts';
import type { AlertChannel } from '../store/types.ts';
import { AlertsPage, ChannelRowView, DeliveryRowView, type ChannelSummary } from '../../views/pages/alerts.tsx';

function summary(channel: AlertChannel): ChannelSummary {
  return { id: channel.id, name: channel.name, kind: channel.kind, enabled: channel.enabled, tags: channel.tags, lastError: channel.lastError, lastErrorAt: channel.lastErrorAt };
}

export function alertPageRoutes(app: AppContext) {
  return new Hono()
    .get('/alerts', async (c) => {
      const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
      // A hand-edited URL with a bad filter shows everything rather than an error page.
      const parsed = deliveryQuerySchema.safeParse(raw);
      const query = parsed.success ? parsed.data : deliveryQuerySchema.parse({});
      const [page, channels, integrations] = await Promise.all([
        findDeliveries(app, query),
        app.db.prisma.alertChannel.findMany({ orderBy: { id: 'asc' } }),
        app.db.prisma.integration.findMany({ orderBy: { name: 'asc' }, select: { slug: true, name: true } }),
      ]);
      const csrf = csrfTokenOf(c);
      return c.html(
        <AlertsPage
          deliveries={page.rows}
          nextBefore={page.nextBefore}
          channels={channels.map(summary)}
          integrations={integrations}
          filters={{ state: query.state, channel: query.channel, integration: query.integration }}
          requestHeaders={csrf ? { 'X-CSRF-Token': csrf } : {}}
          account={headerAccountOf(c)}
        />,
      );
    })
    .post('/alerts/deliveries/:id/retry', async (c) => {
      try {
        return c.html(<DeliveryRowView row={await retryDelivery(app, c.req.param('id'))} message="Queued for another attempt." />);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
        return c.html(<DeliveryRowView row={await findDeliveryOrThrow(app, c.req.param('id'))} message={error.message} />);
      }
    })
    .post('/alerts/channels/:id/test', async (c) => {
      const outcome = await sendTestAlert(app, c.req.param('id'), { origin: new URL(c.req.url).origin, signal: c.req.raw.signal });
      const channel = await findChannelOrThrow(app, c.req.param('id'));
      const text = outcome.ok ? `Test sent in ${outcome.durationMs} ms${outcome.detail ? `: ${outcome.detail}` : ''}` : `Test failed: ${outcome.error}`;
      return c.html(<ChannelRowView channel={summary(channel)} test={{ ok: outcome.ok, text }} />);
    });
}
