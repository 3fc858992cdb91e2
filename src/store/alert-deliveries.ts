/**
 * Raw SQL for alert deliveries: fan-out inside a result's transaction, the delivery job's
 * claim/record steps, and the listing. The UNIQUE (event_key, channel_id) index is what makes a
 * delivery exactly-once: inserts use ON CONFLICT DO NOTHING and only new rows get a job.
 */
import type pg from 'pg';

type Queryable = pg.Pool | pg.PoolClient;

export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed';

export interface ChannelTarget {
  id: number;
  kind: string;
}

/** Enabled channels for an integration's tags: untagged channels take everything. */
export async function channelsForTags(db: Queryable, tags: readonly string[]): Promise<ChannelTarget[]> {
  const { rows } = await db.query<ChannelTarget>(
    `SELECT id, kind FROM alert_channels
      WHERE enabled AND (COALESCE(cardinality(tags), 0) = 0 OR tags && $1::text[])
      ORDER BY id`,
    [tags],
  );
  return rows;
}

/** Per channel: when it was last given an incident-opening alert (down/degraded) for this integration. */
export async function lastOpeningPerChannel(db: Queryable, integrationId: number, channelIds: readonly number[]): Promise<Map<number, Date>> {
  if (channelIds.length === 0) return new Map();
  const { rows } = await db.query<{ channel_id: number; created_at: Date }>(
    `SELECT DISTINCT ON (channel_id) channel_id, created_at FROM alert_deliveries
      WHERE integration_id = $1 AND channel_id = ANY($2::int[]) AND event_type IN ('down', 'degraded') AND state <> 'failed'
      ORDER BY channel_id, created_at DESC`,
    [integrationId, channelIds],
  );
  return new Map(rows.map((row) => [row.channel_id, row.created_at]));
}

export async function latestStatusChangeId(db: Queryable, integrationId: number): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM status_changes WHERE integration_id = $1 ORDER BY at DESC, id DESC LIMIT 1',
    [integrationId],
  );
  return rows[0]?.id ?? null;
}

export interface NewDeliveries {
  eventKey: string;
  eventType: string;
  statusChangeId: number | null;
  integrationId: number | null;
  payload: Record<string, unknown>;
  /** The event's time (the app clock), so per-channel cooldowns compare like with like. */
  createdAt: Date;
  channelIds: readonly number[];
  state?: DeliveryState;
}

/** One row per channel; returns the ids of rows that did not exist yet. */
export async function insertDeliveries(db: Queryable, deliveries: NewDeliveries): Promise<number[]> {
  if (deliveries.channelIds.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_deliveries (event_key, event_type, status_change_id, channel_id, integration_id, payload, state, created_at, updated_at)
     SELECT $1, $2, $3, channel_id, $4, $5, $6::"DeliveryState", $7, now() FROM unnest($8::int[]) AS c(channel_id)
     ON CONFLICT (event_key, channel_id) DO NOTHING
     RETURNING id`,
    [
      deliveries.eventKey,
      deliveries.eventType,
      deliveries.statusChangeId,
      deliveries.integrationId,
      JSON.stringify(deliveries.payload),
      deliveries.state ?? 'pending',
      deliveries.createdAt,
      deliveries.channelIds,
    ],
  );
  return rows.map((row) => row.id);
}

export interface ClaimedDelivery {
  id: number;
  event_type: string;
  channel_id: number;
  integration_id: number | null;
  payload: unknown;
  attempts: number;
  channel_kind: string;
  channel_config: Record<string, unknown>;
  channel_secrets: string | null;
  channel_enabled: boolean;
}

/**
 * Starts an attempt: pending (or sending, after a crash mid-attempt) → sending, attempts + 1.
 * Null when there is nothing to send: already sent, failed for good, or deleted with its channel.
 */
export async function claimDelivery(db: Queryable, id: number): Promise<ClaimedDelivery | null> {
  const { rows } = await db.query<ClaimedDelivery>(
    `UPDATE alert_deliveries d SET state = 'sending', attempts = d.attempts + 1, updated_at = now()
       FROM alert_channels c
      WHERE d.id = $1 AND c.id = d.channel_id AND d.state IN ('pending', 'sending')
      RETURNING d.id, d.event_type, d.channel_id, d.integration_id, d.payload, d.attempts,
                c.kind AS channel_kind, c.config AS channel_config, c.secrets AS channel_secrets, c.enabled AS channel_enabled`,
    [id],
  );
  return rows[0] ?? null;
}

export interface AttemptOutcome {
  /** sent; failed (for good); pending (a retry will follow). */
  state: 'sent' | 'failed' | 'pending';
  error: string | null;
  durationMs: number;
  sentAt: Date | null;
}

export async function recordAttempt(db: Queryable, id: number, outcome: AttemptOutcome): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries
        SET state = $2::"DeliveryState", last_error = COALESCE($3, last_error), duration_ms = $4, sent_at = COALESCE($5, sent_at), updated_at = now()
      WHERE id = $1`,
    [id, outcome.state, outcome.error, Math.round(outcome.durationMs), outcome.sentAt],
  );
}

/** The channel's last error (null clears it after a success). */
export async function setChannelError(db: Queryable, channelId: number, error: string | null, at: Date): Promise<void> {
  await db.query('UPDATE alert_channels SET last_error = $2, last_error_at = CASE WHEN $2::text IS NULL THEN NULL ELSE $3::timestamptz END WHERE id = $1', [
    channelId,
    error,
    at,
  ]);
}

/** failed → pending for a manual retry; false when the delivery is not failed (or does not exist). */
export async function reopenFailedDelivery(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE alert_deliveries SET state = 'pending', updated_at = now() WHERE id = $1 AND state = 'failed'`, [id]);
  return rowCount === 1;
}

export interface DeliveryRow {
  id: number;
  event_key: string;
  event_type: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  duration_ms: number | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  channel_id: number;
  channel_name: string;
  channel_kind: string;
  integration_id: number | null;
  integration_slug: string | null;
  integration_name: string | null;
  status: string | null;
  reason: string | null;
}

export interface DeliveryFilter {
  id?: number | undefined;
  state?: DeliveryState | undefined;
  channelId?: number | undefined;
  integrationSlug?: string | undefined;
  /** Only rows with a smaller id (the cursor of the previous page). */
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, joined with channel and integration names (one query, no N+1). */
export async function listDeliveries(db: Queryable, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.id, d.event_key, d.event_type, d.state, d.attempts, d.last_error, d.duration_ms, d.created_at, d.updated_at, d.sent_at,
            d.channel_id, c.name AS channel_name, c.kind AS channel_kind,
            d.integration_id, i.slug AS integration_slug, i.name AS integration_name,
            d.payload->>'status' AS status, d.payload->>'reason' AS reason
       FROM alert_deliveries d
       JOIN alert_channels c ON c.id = d.channel_id
       LEFT JOIN integrations i ON i.id = d.integration_id
      WHERE ($1::text IS NULL OR d.state::text = $1)
        AND ($2::int IS NULL OR d.channel_id = $2)
        AND ($3::text IS NULL OR i.slug = $3)
        AND ($4::bigint IS NULL OR d.id < $4)
        AND ($6::bigint IS NULL OR d.id = $6)
      ORDER BY d.id DESC
      LIMIT $5`,
    [filter.state ?? null, filter.channelId ?? null, filter.integrationSlug ?? null, filter.beforeId ?? null, filter.limit, filter.id ?? null],
  );
  return rows;
}

export interface FinishedDelivery {
  eventKey: string;
  eventType: string;
  channelId: number;
  payload: Record<string, unknown>;
  outcome: AttemptOutcome & { state: 'sent' | 'failed' };
  createdAt: Date;
}

/** A delivery made synchronously (the "send test" button), recorded like any other attempt. */
export async function insertFinishedDelivery(db: Queryable, delivery: FinishedDelivery): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO alert_deliveries (event_key, event_type, channel_id, payload, state, attempts, last_error, duration_ms, sent_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::"DeliveryState", 1, $6, $7, $8, $9, now()) RETURNING id`,
    [
      delivery.eventKey,
      delivery.eventType,
      delivery.channelId,
      JSON.stringify(delivery.payload),
      delivery.outcome.state,
      delivery.outcome.error,
      Math.round(delivery.outcome.durationMs),
      delivery.outcome.sentAt,
      delivery.createdAt,
    ],
  );
  return rows[0]!.id;
}

/**
 * Gives up on deliveries whose job ended without recording an outcome (a worker killed during
 * the last attempt): no job will touch them again, so they would show "sending" forever. Only
 * rows untouched for longer than any retry wait qualify; they become `failed` and can be retried.
 */
export async function failAbandonedDeliveries(db: Queryable, untouchedSeconds: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE alert_deliveries
        SET state = 'failed', updated_at = now(),
            last_error = COALESCE(last_error || ' — ', '') || 'no outcome was recorded (the worker stopped during the attempt)'
      WHERE state IN ('pending', 'sending') AND updated_at < now() - make_interval(secs => $1)`,
    [untouchedSeconds],
  );
  return rowCount ?? 0;
}
