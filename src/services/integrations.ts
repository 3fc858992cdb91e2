/**
 * Creating, changing, pausing and deleting integrations. Every change validates the whole input
 * (the kind's own schema for `config`), keeps secrets encrypted and write-only, and changes the
 * schedule in the same transaction as the row, so nothing is half-written.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { checkKindNames, getCheckKind } from '../checks/registry.ts';
import type { CheckKind } from '../checks/types.ts';
import { createIntegrationSchema, slugify, updateIntegrationSchema, type CreateIntegrationInput } from '../domain/integration-input.ts';
import { AppError, invalidInput } from '../http/errors.ts';
import { scheduleInTransaction, unscheduleInTransaction } from '../jobs/scheduler.ts';
import { deleteIntegrationRow, insertIntegration, isUniqueViolation, setCoreStatus, updateIntegrationFields, type IntegrationFields } from '../store/integrations.ts';
import { withTransaction } from '../store/sql.ts';
import type { Integration } from '../store/types.ts';
import { joinSecretsForChange, splitSecrets } from './integration-secrets.ts';
import { scheduleSettingsFor } from './integration-settings.ts';

export interface ChangeOptions {
  /** Set by the config-file sync: only it may change what it manages. */
  managedBy?: string | null;
}

export interface CreatedIntegration {
  integration: Integration;
  /** Only for `push`: the token, shown once. */
  pushToken?: string;
}

export async function createIntegration(app: AppContext, body: unknown, options: ChangeOptions = {}): Promise<CreatedIntegration> {
  const parsed = createIntegrationSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  const kind = requireKind(input.kind);
  const config = validateConfig(kind, input.config);
  const { config: plain, secrets } = splitSecrets(kind, config);
  const pushToken = input.kind === 'push' ? randomBytes(24).toString('base64url') : undefined;
  const fields: IntegrationFields = {
    slug: input.slug ?? slugify(input.name),
    name: input.name,
    kind: input.kind,
    config: plain,
    secrets: app.secrets.encryptJson(secrets),
    tags: [...new Set(input.tags)],
    isPublic: input.public,
    paused: input.paused,
    intervalSeconds: input.intervalSeconds ?? null,
    maxIntervalSeconds: input.maxIntervalSeconds ?? null,
    timeoutMs: input.timeoutMs ?? null,
    alertPolicy: input.alertPolicy ?? null,
    pushTokenHash: pushToken ? hashPushToken(pushToken) : null,
    managedBy: options.managedBy ?? null,
  };
  const id = await insertWithSlug(app, fields, input);
  const integration = await app.db.prisma.integration.findUniqueOrThrow({ where: { id } });
  await app.publisher.publish({ type: 'integration.changed', integrationId: id, slug: integration.slug, action: 'created' });
  return { integration, ...(pushToken ? { pushToken } : {}) };
}

async function insertWithSlug(app: AppContext, fields: IntegrationFields, input: CreateIntegrationInput): Promise<number> {
  // A slug derived from the name gets a numeric suffix on a clash; an explicit one is a 409.
  for (let attempt = 1; attempt <= 50; attempt += 1) {
    const slug = input.slug || attempt === 1 ? fields.slug : `${fields.slug.slice(0, 60)}-${attempt}`;
    try {
      return await withTransaction(app.db.pool, async (client) => {
        const id = await insertIntegration(client, { ...fields, slug }, fields.paused ? 'paused' : 'unknown');
        if (!fields.paused) await scheduleInTransaction(client, app.boss, id, firstDueAt(app, fields));
        return id;
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'integrations_slug_key')) throw error;
      if (input.slug) throw new AppError('conflict', `An integration with slug "${slug}" already exists`, { issues: [{ path: ['slug'], message: 'is already taken' }] });
    }
  }
  throw new AppError('conflict', `Could not find a free slug for "${fields.slug}"`, { issues: [{ path: ['slug'], message: 'is already taken' }] });
}

/** Active kinds run at once; a push integration's first deadline is one interval + grace away. */
function firstDueAt(app: AppContext, fields: Pick<IntegrationFields, 'kind' | 'intervalSeconds' | 'maxIntervalSeconds' | 'config'>): Date {
  const now = app.clock();
  if (fields.kind !== 'push') return now;
  const grace = typeof fields.config.graceSeconds === 'number' ? fields.config.graceSeconds : 60;
  return new Date(now.getTime() + (scheduleSettingsFor(fields, app.config).intervalSeconds + grace) * 1000);
}

export async function updateIntegration(app: AppContext, slug: string, body: unknown, options: ChangeOptions = {}): Promise<Integration> {
  const parsed = updateIntegrationSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  const patch = parsed.data;
  const existing = await findBySlugOrThrow(app, slug);
  assertMayChange(existing, options);
  const kind = requireKind(existing.kind);
  const fields: Partial<IntegrationFields> = {
    name: patch.name,
    tags: patch.tags ? [...new Set(patch.tags)] : undefined,
    isPublic: patch.public,
    paused: patch.paused,
  };
  if (patch.intervalSeconds !== undefined) fields.intervalSeconds = patch.intervalSeconds;
  if (patch.maxIntervalSeconds !== undefined) fields.maxIntervalSeconds = patch.maxIntervalSeconds;
  if (patch.timeoutMs !== undefined) fields.timeoutMs = patch.timeoutMs;
  if (patch.alertPolicy !== undefined) fields.alertPolicy = patch.alertPolicy;
  if (patch.config) {
    const merged: Record<string, unknown> = joinSecretsForChange(app.secrets, existing);
    for (const [key, value] of Object.entries(patch.config)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const { config, secrets } = splitSecrets(kind, validateConfig(kind, merged));
    fields.config = config;
    fields.secrets = app.secrets.encryptJson(secrets);
  }
  const now = app.clock();
  const pausing = patch.paused === true && !existing.paused;
  const resuming = patch.paused === false && existing.paused;
  const reschedule = !pausing && !(patch.paused ?? existing.paused) && (resuming || patch.config !== undefined || patch.intervalSeconds !== undefined);
  await withTransaction(app.db.pool, async (client) => {
    await updateIntegrationFields(client, existing.id, fields);
    if (pausing) {
      await setCoreStatus(client, existing.id, 'paused', 'paused', now);
      await unscheduleInTransaction(client, app.boss, existing.id);
    } else if (resuming) {
      await setCoreStatus(client, existing.id, 'unknown', 'resumed', now);
    }
    if (reschedule) await scheduleInTransaction(client, app.boss, existing.id, firstDueAt(app, { ...existing, ...fields, config: (fields.config ?? existing.config) as Record<string, unknown> }));
  });
  await app.publisher.publish({ type: 'integration.changed', integrationId: existing.id, slug: existing.slug, action: 'updated' });
  return app.db.prisma.integration.findUniqueOrThrow({ where: { id: existing.id } });
}

export async function deleteIntegration(app: AppContext, slug: string, options: ChangeOptions = {}): Promise<void> {
  const existing = await findBySlugOrThrow(app, slug);
  assertMayChange(existing, options);
  await withTransaction(app.db.pool, async (client) => {
    await unscheduleInTransaction(client, app.boss, existing.id);
    await deleteIntegrationRow(client, existing.id);
  });
  await app.publisher.publish({ type: 'integration.changed', integrationId: existing.id, slug: existing.slug, action: 'deleted' });
}

export async function findBySlugOrThrow(app: Pick<AppContext, 'db'>, slug: string): Promise<Integration> {
  const integration = await app.db.prisma.integration.findUnique({ where: { slug } });
  if (!integration) throw new AppError('not_found', `No integration with slug "${slug}"`);
  return integration;
}

export function requireKind(name: string): CheckKind {
  const kind = getCheckKind(name);
  if (!kind) {
    const message = `Unknown kind "${name}"; must be one of ${checkKindNames.join(', ')}`;
    throw new AppError('unknown_kind', message, { issues: [{ path: ['kind'], message: `must be one of ${checkKindNames.join(', ')}` }] });
  }
  return kind;
}

export function validateConfig(kind: CheckKind, config: unknown): Record<string, unknown> {
  const parsed = kind.configSchema.safeParse(config);
  if (!parsed.success) throw invalidInput(parsed.error, ['config']);
  return parsed.data as Record<string, unknown>;
}

function assertMayChange(integration: Integration, options: ChangeOptions): void {
  if (integration.managedBy && integration.managedBy !== options.managedBy) {
    throw new AppError('read_only', `Integration "${integration.slug}" is managed by ${integration.managedBy}; change it there`);
  }
}

export function hashPushToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
