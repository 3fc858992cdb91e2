/** `/api/v1/alerts`: the delivery log (filters `state`, `channel`, `integration`; cursor `before`) and retry. */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { deliveryView } from '../http/serialize-alerts.ts';
import { findDeliveries, findDeliveryOrThrow, parseDeliveryQuery, retryDelivery } from '../services/alert-deliveries.ts';

export function alertApiRoutes(app: AppContext) {
  return new Hono()
    .get('/', async (c) => {
      const page = await findDeliveries(app, parseDeliveryQuery(c.req.query()));
      return c.json({ alerts: page.rows.map(deliveryView), nextBefore: page.nextBefore });
    })
    .get('/:id', async (c) => c.json({ alert: deliveryView(await findDeliveryOrThrow(app, c.req.param('id'))) }))
    .post('/:id/retry', async (c) => {
      const delivery = await retryDelivery(app, c.req.param('id'));
      return c.json({ alert: deliveryView(delivery) }, 202);
    });
}
