/**
 * Writes to `integrations` that must share a transaction with pg-boss (schedule changes).
 * Plain reads go through Prisma in the callers.
 */
import type pg from 'pg';
import type { Status } from '../domain/status.ts';

export interface IntegrationFields {
  slug: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  secrets: string | null;
  tags: string[];
  isPublic: boolean;
  paused: boolean;
  intervalSeconds: number | null;
  maxIntervalSeconds: number | null;
  timeoutMs: number | null;
  alertPolicy: Record<string, unknown> | null;
  pushTokenHash: string | null;
  managedBy: string | null;
}

const columns: Record<keyof IntegrationFields, string> = {
  slug: 'slug',
  name: 'name',
  kind: 'kind',
  config: 'config',
  secrets: 'secrets',
  tags: 'tags',
  isPublic: 'is_public',
  paused: 'paused',
  intervalSeconds: 'interval_seconds',
  maxIntervalSeconds: 'max_interval_seconds',
  timeoutMs: 'timeout_ms',
  alertPolicy: 'alert_policy',
  pushTokenHash: 'push_token_hash',
  managedBy: 'managed_by',
};

const jsonColumns = new Set<keyof IntegrationFields>(['config', 'alertPolicy']);

function toParameter(key: keyof IntegrationFields, value: unknown): unknown {
  return jsonColumns.has(key) && value !== null ? JSON.stringify(value) : value;
}

export async function insertIntegration(client: pg.PoolClient, fields: IntegrationFields, status: Status): Promise<number> {
  const keys = Object.keys(columns) as (keyof IntegrationFields)[];
  const values = keys.map((key) => toParameter(key, fields[key]));
  const placeholders = keys.map((_, index) => `$${index + 1}`);
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO integrations (${keys.map((key) => columns[key]).join(', ')}, status, status_since, updated_at)
     VALUES (${placeholders.join(', ')}, $${keys.length + 1}, now(), now()) RETURNING id`,
    [...values, status],
  );
  return rows[0]!.id;
}

export async function updateIntegrationFields(client: pg.PoolClient, id: number, fields: Partial<IntegrationFields>): Promise<void> {
  const keys = (Object.keys(fields) as (keyof IntegrationFields)[]).filter((key) => fields[key] !== undefined);
  if (keys.length === 0) return;
  const assignments = keys.map((key, index) => `${columns[key]} = $${index + 2}`);
  await client.query(`UPDATE integrations SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...keys.map((key) => toParameter(key, fields[key]))]);
}

/** Sets a status that the core decides (paused, unknown after resume) and records the change. */
export async function setCoreStatus(client: pg.PoolClient, id: number, to: Status, cause: string, at: Date): Promise<{ from: Status; changed: boolean }> {
  const { rows } = await client.query<{ status: Status }>('SELECT status FROM integrations WHERE id = $1 FOR UPDATE', [id]);
  const from = rows[0]?.status ?? 'unknown';
  if (from === to) return { from, changed: false };
  await client.query('UPDATE integrations SET status = $2, status_since = $3, consecutive_failures = 0, consecutive_successes = 0 WHERE id = $1', [id, to, at]);
  await client.query('INSERT INTO status_changes (integration_id, from_status, to_status, at, cause) VALUES ($1, $2, $3, $4, $5)', [id, from, to, at, cause]);
  return { from, changed: true };
}

export async function deleteIntegrationRow(client: pg.PoolClient, id: number): Promise<void> {
  await client.query('DELETE FROM integrations WHERE id = $1', [id]);
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
