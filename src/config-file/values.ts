/** Small facts and comparisons shared by diffing, applying and exporting. */
import type { z } from 'zod';
import type { alertPolicyInput } from '../domain/integration-input.ts';

export type AlertPolicyOverrides = z.output<typeof alertPolicyInput>;

/** `managedBy` of rows the file made: `file:<file name>`, shown in the UI as the place to edit. */
export function fileOwner(file: string): string {
  return `file:${file.split(/[\\/]/).pop() ?? file}`;
}

/**
 * One deployment has one INTEGRATIONS_FILE, so every `file:` row is ours even when the file was
 * renamed or moved since it was made (the owner label is updated on the next change).
 */
export function isManagedByFile(managedBy: string | null | undefined): boolean {
  return managedBy === 'file' || (managedBy?.startsWith('file:') ?? false);
}

/**
 * Secret fields a check writes by itself (a refreshed OAuth access token, see google-oauth.ts).
 * A file normally leaves them out: their presence in the database is not a difference, they are
 * not exported, and they are cleared whenever the file changes the config (they are re-learned).
 */
export const learnedSecretFields: Readonly<Record<string, readonly string[]>> = {
  gmail: ['accessToken'],
  'google-calendar': ['accessToken'],
};

export function isLearnedSecret(kind: string, field: string): boolean {
  return learnedSecretFields[kind]?.includes(field) ?? false;
}

/** Deep equality of JSON-like values, ignoring object key order and undefined members. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return inner;
  }) ?? 'undefined';
}
