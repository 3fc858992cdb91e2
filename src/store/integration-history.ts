/**
 * Reads behind one integration's detail page: raw latency points for the chart, recent checks
 * (paged), status changes and alert deliveries. Every read is bounded (LIMIT) and served by the
 * (integration_id, time DESC) indexes; check_results is partitioned by day, so a time bound
 * also keeps old partitions out of the plan.
 */
import type pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Status } from '../domain/status.ts';
import type { CheckTrigger } from './types.ts';

export interface CheckRecord {
  id: number;
  startedAt: Date;
  finishedAt: Date;
  status: Status;
  latencyMs: number | null;
  message: string;
  trigger: CheckTrigger;
}

export interface CheckPage {
  checks: CheckRecord[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export async function recentChecks(pool: pg.Pool, integrationId: number, page: number, pageSize: number): Promise<CheckPage> {
  const safePage = Math.max(1, Math.min(1_000, Math.floor(page)));
  const { rows } = await pool.query<CheckRecord>(
    `SELECT id, started_at AS "startedAt", finished_at AS "finishedAt", status::text AS status, latency_ms AS "latencyMs", message, trigger::text AS trigger
       FROM check_results WHERE integration_id = $1
      ORDER BY started_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [integrationId, pageSize + 1, (safePage - 1) * pageSize],
  );
  return { checks: rows.slice(0, pageSize).map((row) => ({ ...row, id: Number(row.id) })), page: safePage, pageSize, hasMore: rows.length > pageSize };
}

/** Raw points for the latency chart: [unix seconds, latency ms | null, status]. */
export interface LatencyPoint {
  t: number;
  latencyMs: number | null;
  status: Status;
}

export async function latencyPoints(pool: pg.Pool, integrationId: number, from: Date, to: Date, limit = 20_000): Promise<LatencyPoint[]> {
  const { rows } = await pool.query<{ t: string; latencyMs: number | null; status: Status }>(
    `SELECT extract(epoch FROM finished_at)::float8 AS t, latency_ms AS "latencyMs", status::text AS status
       FROM check_results WHERE integration_id = $1 AND started_at >= $2 AND started_at <= $3
      ORDER BY started_at LIMIT $4`,
    [integrationId, from, to, limit],
  );
  return rows.map((row) => ({ t: Number(row.t), latencyMs: row.latencyMs, status: row.status }));
}

export interface StatusChangeRecord {
  from: Status;
  to: Status;
  at: Date;
  cause: string;
}

export async function recentStatusChanges(pool: pg.Pool, integrationId: number, limit: number): Promise<StatusChangeRecord[]> {
  const { rows } = await pool.query<StatusChangeRecord>(
    `SELECT from_status::text AS "from", to_status::text AS "to", at, cause
       FROM status_changes WHERE integration_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [integrationId, limit],
  );
  return rows;
}

export interface DeliveryRecord {
  id: number;
  eventType: string;
  channelName: string;
  channelKind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export async function recentAlertDeliveries(prisma: PrismaClient, integrationId: number, limit: number): Promise<DeliveryRecord[]> {
  const rows = await prisma.alertDelivery.findMany({
    where: { integrationId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, eventType: true, state: true, attempts: true, lastError: true, createdAt: true, sentAt: true, channel: { select: { name: true, kind: true } } },
  });
  return rows.map((row) => ({
    id: Number(row.id),
    eventType: row.eventType,
    channelName: row.channel.name,
    channelKind: row.channel.kind,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  }));
}
