/**
 * The current state as an INTEGRATIONS_FILE (`npm run config:export`). Every secret is written as
 * a `${NAME}` placeholder (see placeholders.ts), never its value; literal `${` in ordinary values
 * is escaped so the file reads back as the same values. Fields equal to the kind's default are
 * left out to keep the file short. Applying the output to an empty database (with the variables
 * set) gives the same integrations.
 */
import { Document, isScalar, visit } from 'yaml';
import { getCheckKind } from '../checks/registry.ts';
import type { CheckKind } from '../checks/types.ts';
import type { PrismaClient } from '../db/database.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { AlertChannel, Integration, MaintenanceWindow } from '../store/types.ts';
import { escapeForSubstitution } from './env-substitution.ts';
import { PlaceholderNames } from './placeholders.ts';
import { isLearnedSecret, sameJson } from './values.ts';

export interface ExportSource {
  prisma: PrismaClient;
  secrets: SecretBox;
}

export interface ConfigExport {
  yaml: string;
  /** Environment variables the file needs (one per secret). */
  variables: string[];
}

export async function exportConfig(source: ExportSource): Promise<ConfigExport> {
  const names = new PlaceholderNames();
  const [integrations, channels, windows] = await Promise.all([
    source.prisma.integration.findMany({ orderBy: { slug: 'asc' } }),
    source.prisma.alertChannel.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    source.prisma.maintenanceWindow.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], include: { integration: { select: { slug: true } } } }),
  ]);
  const body = {
    version: 1,
    integrations: integrations.map((row) => exportIntegration(row, source.secrets, names)),
    channels: channels.map((row) => exportChannel(row, source.secrets, names)),
    maintenanceWindows: windows.map(exportWindow),
  };
  const doc = new Document(body);
  // Short lists of plain values read best on one line: tags: [payments], daysOfWeek: [1, 3].
  visit(doc, { Seq: (_key, node) => void (node.flow = node.items.every((item) => isScalar(item))) });
  doc.commentBefore = headerComment(names.names);
  return { yaml: doc.toString({ lineWidth: 0 }), variables: names.names };
}

function exportIntegration(row: Integration, box: SecretBox, names: PlaceholderNames): Record<string, unknown> {
  const kind = getCheckKind(row.kind);
  const entry: Record<string, unknown> = { slug: row.slug, name: escapeStrings(row.name), kind: row.kind };
  if (row.tags.length > 0) entry.tags = row.tags;
  if (row.isPublic) entry.public = true;
  if (row.paused) entry.paused = true;
  if (row.intervalSeconds !== null) entry.intervalSeconds = row.intervalSeconds;
  if (row.maxIntervalSeconds !== null) entry.maxIntervalSeconds = row.maxIntervalSeconds;
  if (row.timeoutMs !== null) entry.timeoutMs = row.timeoutMs;
  if (row.alertPolicy !== null) entry.alertPolicy = row.alertPolicy;
  // Only the hash is stored: the variable must be set to the token the job already sends.
  if (row.pushTokenHash !== null) entry.pushToken = `\${${names.claim(row.slug, 'push', 'token')}}`;

  const config: Record<string, unknown> = {};
  for (const [field, value] of Object.entries((row.config ?? {}) as Record<string, unknown>)) {
    if (!isDefault(kind, field, value)) config[field] = escapeStrings(value);
  }
  for (const [field, value] of Object.entries(box.decryptJson(row.secrets))) {
    if (isLearnedSecret(row.kind, field) || isDefault(kind, field, value)) continue;
    config[field] = placeholders(value, [row.slug, field], names);
  }
  entry.config = config;
  return entry;
}

function exportChannel(row: AlertChannel, box: SecretBox, names: PlaceholderNames): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: escapeStrings(row.name), kind: row.kind };
  if (!row.enabled) entry.enabled = false;
  if (row.tags.length > 0) entry.tags = row.tags;
  const config: Record<string, unknown> = {};
  for (const [field, value] of Object.entries((row.config ?? {}) as Record<string, unknown>)) config[field] = escapeStrings(value);
  // Everything in the encrypted part is a secret: each value becomes a placeholder.
  for (const [field, value] of Object.entries(box.decryptJson(row.secrets))) config[field] = placeholders(value, ['channel', row.name, field], names);
  entry.config = config;
  return entry;
}

function exportWindow(row: MaintenanceWindow & { integration: { slug: string } | null }): Record<string, unknown> {
  const once = row.startsAt !== null && row.endsAt !== null;
  const entry: Record<string, unknown> = { name: escapeStrings(row.name), kind: once ? 'once' : 'weekly' };
  if (row.integration) entry.integration = row.integration.slug;
  else if (row.tags.length > 0) entry.tags = row.tags;
  if (once) return { ...entry, startsAt: row.startsAt?.toISOString(), endsAt: row.endsAt?.toISOString() };
  return { ...entry, daysOfWeek: row.daysOfWeek, startTime: row.startTime, durationMinutes: row.durationMinutes, timeZone: row.timezone };
}

/** A secret becomes `${NAME}`; a secret object (secretHeaders) gets one placeholder per key. */
function placeholders(value: unknown, parts: string[], names: PlaceholderNames): unknown {
  if (Array.isArray(value)) return value.map((item, index) => placeholders(item, [...parts, String(index + 1)], names));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, placeholders(inner, [...parts, key], names)]));
  }
  return `\${${names.claim(...parts)}}`;
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeForSubstitution(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStrings(inner)]));
  return value;
}

/** True when the kind's schema would fill in exactly this value by itself. */
function isDefault(kind: CheckKind | undefined, field: string, value: unknown): boolean {
  const shape = (kind?.configSchema as { shape?: Record<string, { safeParse(input: unknown): { success: boolean; data?: unknown } }> } | undefined)?.shape;
  const fieldSchema = shape?.[field];
  if (!fieldSchema) return false;
  const result = fieldSchema.safeParse(undefined);
  return result.success && result.data !== undefined && sameJson(result.data, value);
}

function headerComment(variables: string[]): string {
  const lines = [
    ' Integration Health configuration (npm run config:export).',
    ' Use it as INTEGRATIONS_FILE. Secrets are not exported: each ${NAME} is read from the',
    ' environment of the server that applies the file.',
  ];
  if (variables.length > 0) lines.push(' Variables to set:', ...variables.map((name) => `   ${name}`));
  if (variables.some((name) => name.endsWith('_PUSH_TOKEN'))) {
    lines.push(' Push tokens are stored only as hashes: set each *_PUSH_TOKEN to the token your job already sends.');
  }
  return lines.join('\n');
}
