/**
 * Moves integrations into and out of the `maintenance` status when windows start and end, even
 * when no result arrives (a result inside a window does the same in recordResult). Run every
 * minute by the maintenance cron and right after a window is created, changed or deleted.
 *
 * What it writes, per change, in one transaction under the integration's row lock:
 *  - entering: status `maintenance`, status_since and a status_changes row (from → maintenance)
 *    at the later of the window's start and the previous status_since, so excluded time starts
 *    when the window did, not when this task noticed;
 *  - leaving: the status of the latest check result (`unknown` when there is none) and a
 *    status_changes row (maintenance → that status) at the time of the run.
 * The failure/success counters and the alert state are untouched: the next result is judged on
 * full counters, so an integration still failing gets its down alert then.
 */
import type pg from 'pg';
import type { AppContext } from '../context.ts';
import type { Status } from '../domain/status.ts';
import type { StatusChangedEvent } from '../realtime/events.ts';
import { activeAmong, listWindowRows, windowAppliesTo } from '../store/maintenance-windows.ts';
import { withTransaction } from '../store/sql.ts';

interface Candidate {
  id: number;
  slug: string;
  tags: string[];
  status: Status;
}

interface Change {
  enter: boolean;
  at: Date;
  cause: string;
}

export async function syncMaintenanceStatuses(app: Pick<AppContext, 'db' | 'publisher' | 'clock' | 'log'>): Promise<StatusChangedEvent[]> {
  const now = app.clock();
  const windows = await listWindowRows(app.db.pool);
  const { rows: integrations } = await app.db.pool.query<Candidate>(
    `SELECT id, slug, COALESCE(tags, '{}') AS tags, status FROM integrations WHERE NOT paused AND (status = 'maintenance' OR $1)`,
    [windows.length > 0],
  );
  const events: StatusChangedEvent[] = [];
  for (const integration of integrations) {
    const active = activeAmong(windows.filter((row) => windowAppliesTo(row, integration)), now);
    let change: Change | undefined;
    if (active && integration.status !== 'maintenance') {
      change = { enter: true, at: active.startsAt, cause: `maintenance window "${active.window.name}" started` };
    } else if (!active && integration.status === 'maintenance') {
      change = { enter: false, at: now, cause: 'maintenance window ended' };
    }
    if (!change) continue;
    const event = await applyChange(app, integration.id, change);
    if (event) events.push(event);
  }
  if (events.length > 0) {
    app.log.info({ changes: events.map((event) => `${event.slug}: ${event.from} → ${event.to}`) }, 'maintenance windows changed statuses');
    await app.publisher.publish(...events);
  }
  return events;
}

async function applyChange(app: Pick<AppContext, 'db'>, id: number, change: Change): Promise<StatusChangedEvent | null> {
  return withTransaction(app.db.pool, async (client) => {
    const { rows } = await client.query<{ slug: string; status: Status; status_since: Date; paused: boolean }>(
      'SELECT slug, status, status_since, paused FROM integrations WHERE id = $1 FOR UPDATE',
      [id],
    );
    const current = rows[0];
    // Re-checked under the lock: a result or a pause may have got there first.
    if (!current || current.paused) return null;
    if (change.enter === (current.status === 'maintenance')) return null;
    const to: Status = change.enter ? 'maintenance' : await lastObservedStatus(client, id);
    const at = new Date(Math.max(change.at.getTime(), current.status_since.getTime()));
    await client.query('UPDATE integrations SET status = $2, status_since = $3 WHERE id = $1', [id, to, at]);
    await client.query('INSERT INTO status_changes (integration_id, from_status, to_status, at, cause) VALUES ($1, $2, $3, $4, $5)', [id, current.status, to, at, change.cause]);
    return { type: 'status.changed', integrationId: id, slug: current.slug, from: current.status, to, at: at.toISOString(), cause: change.cause };
  });
}

async function lastObservedStatus(client: pg.PoolClient, id: number): Promise<Status> {
  const { rows } = await client.query<{ status: Status }>('SELECT status FROM check_results WHERE integration_id = $1 ORDER BY started_at DESC LIMIT 1', [id]);
  return rows[0]?.status ?? 'unknown';
}
