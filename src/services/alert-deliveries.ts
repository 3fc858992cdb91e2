/**
 * Reading the delivery log and retrying a failed delivery by hand. A retry reopens the row and
 * enqueues a fresh job in one transaction, so it is either queued or untouched.
 */
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { enqueueAlertDeliveries } from '../jobs/alert-queue.ts';
import { listDeliveries, reopenFailedDelivery, type DeliveryRow } from '../store/alert-deliveries.ts';
import { withTransaction } from '../store/sql.ts';

export const deliveryQuerySchema = z.object({
  state: z.enum(['pending', 'sending', 'sent', 'failed']).optional().describe('Only deliveries in this state.'),
  channel: z.coerce.number().int().positive().optional().describe('Only this channel (id).'),
  integration: z.string().min(1).max(100).optional().describe('Only this integration (slug).'),
  before: z.coerce.number().int().positive().optional().describe('Cursor: only deliveries older than this id (from `nextBefore`).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;

export interface DeliveryPage {
  rows: DeliveryRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** Empty query values (a filter form's "any") count as unset. */
export function parseDeliveryQuery(query: Record<string, string | undefined>): DeliveryQuery {
  const cleaned = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = deliveryQuerySchema.safeParse(cleaned);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export async function findDeliveries(app: Pick<AppContext, 'db'>, query: DeliveryQuery): Promise<DeliveryPage> {
  // One extra row tells whether an older page exists without a count query.
  const rows = await listDeliveries(app.db.pool, {
    state: query.state,
    channelId: query.channel,
    integrationSlug: query.integration,
    beforeId: query.before,
    limit: query.limit + 1,
  });
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { rows: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null };
}

export async function findDeliveryOrThrow(app: Pick<AppContext, 'db'>, idParam: string): Promise<DeliveryRow> {
  const id = /^\d{1,15}$/.test(idParam) ? Number(idParam) : NaN;
  const [row] = Number.isSafeInteger(id) ? await listDeliveries(app.db.pool, { id, limit: 1 }) : [];
  if (!row) throw new AppError('not_found', `No alert delivery with id "${idParam.slice(0, 40)}"`);
  return row;
}

/** failed → pending with a new job (5 more attempts). Anything but `failed` is a 409. */
export async function retryDelivery(app: Pick<AppContext, 'db' | 'boss' | 'config'>, idParam: string): Promise<DeliveryRow> {
  const delivery = await findDeliveryOrThrow(app, idParam);
  if (delivery.event_type === 'test') throw new AppError('conflict', 'Test alerts are not retried; send a new test instead');
  const reopened = await withTransaction(app.db.pool, async (client) => {
    if (!(await reopenFailedDelivery(client, delivery.id))) return false;
    await enqueueAlertDeliveries(client, app.boss, app.config, [delivery.id]);
    return true;
  });
  if (!reopened) throw new AppError('conflict', `Alert delivery ${delivery.id} is ${delivery.state}; only failed deliveries can be retried`);
  // Answer with what this request did. Re-reading after commit raced the worker, which may
  // already have claimed the reopened row ('sending').
  return { ...delivery, state: 'pending' };
}
