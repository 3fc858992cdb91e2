/**
 * Shared steps for the alert delivery tests: drive results with manual checks (each one is a
 * real check of a real target, recorded by the real worker) and read what was delivered.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { apiClient } from '../helpers/api.ts';
import pg from 'pg';
import { waitFor, type TestApp } from '../helpers/app.ts';
import { serverUrl } from '../helpers/database.ts';

export type Api = ReturnType<typeof apiClient>;

/** Why these tests cannot run (PostgreSQL unreachable), printed; false when they can. */
export async function postgresUnavailable(): Promise<string | false> {
  const client = new pg.Client({ connectionString: serverUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return false;
  } catch (error) {
    const reason = `PostgreSQL at ${new URL(serverUrl()).host} is unreachable (${(error as Error).message}); set DATABASE_URL`;
    console.log(`# skipping alert delivery tests: ${reason}`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Env for apps whose checks only run when a test asks (first check at creation, then hourly). */
export const manualChecksEnv = {
  CHECK_INTERVAL_SECONDS: '3600',
  CHECK_MAX_INTERVAL_SECONDS: '3600',
  MANUAL_CHECK_COOLDOWN_SECONDS: '0',
  ALERT_RETRY_DELAY_SECONDS: '1',
  PUBLIC_URL: 'https://health.example.test',
};

/** A Standard Webhooks secret made without our code, so the receiver's check stays independent. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Creates an http integration and waits for its first (scheduled) check to be recorded. */
export async function createHttpIntegration(api: Api, body: { name: string; url: string; tags?: string[]; config?: Record<string, unknown>; alertPolicy?: Record<string, unknown> }): Promise<string> {
  const { name, url, tags = [], config = {}, alertPolicy } = body;
  const created = await api.post('/api/v1/integrations', { name, kind: 'http', config: { url, ...config }, tags, ...(alertPolicy ? { alertPolicy } : {}) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const slug: string = created.body.integration.slug;
  await waitFor(async () => (await api.get(`/api/v1/integrations/${slug}`)).body.integration.lastCheckedAt, 15_000, `first check of ${slug}`);
  return slug;
}

/** Runs one manual check and waits until its result is stored; returns the observed status. */
export async function checkNow(api: Api, slug: string): Promise<string> {
  const queued = await api.post(`/api/v1/integrations/${slug}/checks`);
  assert.equal(queued.status, 202, JSON.stringify(queued.body));
  const href: string = queued.body.check.href;
  const done = await waitFor(async () => {
    const { body } = await api.get(href);
    return body.check.state === 'completed' ? body.check : undefined;
  }, 15_000, `manual check of ${slug}`);
  return done.result.status;
}

export interface DeliveryFact {
  id: number;
  event_type: string;
  state: string;
  attempts: number;
  last_error: string | null;
  channel_id: number;
  event_key: string;
}

/** Delivery rows of one integration, oldest first, straight from the table. */
export async function deliveriesFor(app: TestApp, slug: string): Promise<DeliveryFact[]> {
  const { rows } = await app.context.db.pool.query<DeliveryFact>(
    `SELECT d.id, d.event_type, d.state, d.attempts, d.last_error, d.channel_id, d.event_key
       FROM alert_deliveries d JOIN integrations i ON i.id = d.integration_id
      WHERE i.slug = $1 ORDER BY d.id`,
    [slug],
  );
  return rows;
}

export async function statusChangesFor(app: TestApp, slug: string): Promise<Array<{ from_status: string; to_status: string; at: Date; cause: string }>> {
  const { rows } = await app.context.db.pool.query(
    `SELECT s.from_status, s.to_status, s.at, s.cause FROM status_changes s JOIN integrations i ON i.id = s.integration_id
      WHERE i.slug = $1 ORDER BY s.at, s.id`,
    [slug],
  );
  return rows;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
