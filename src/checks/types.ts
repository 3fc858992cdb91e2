/**
 * The contract every check kind implements. A check gathers facts and reports them as an
 * observation; it never decides retries, backoff or alerting (those live in the scheduler and
 * the alert policy). When the target cannot be reached at all, a check may throw an Error whose
 * message tells a person what is wrong; the runner stores that as `down`.
 */
import type { z } from 'zod';

/** Statuses a check itself can report. `unknown`, `paused` and `maintenance` are set by the core. */
export type ObservedStatus = 'up' | 'degraded' | 'down';

export interface Observation {
  status: ObservedStatus;
  /** Milliseconds the probe took (the meaningful part: request, handshake, query). */
  latencyMs: number;
  /** One line a person can act on, e.g. "HTTP 503 (expected 200-299)". */
  message: string;
  /** Structured facts (status code, certificate expiry, tool count…). Never secrets (the runner redacts them). */
  details?: Record<string, unknown>;
}

/** What the runner hands to a check besides its config. */
export interface CheckContext {
  /** Aborted when the check's timeout passes or the process shuts down. */
  signal: AbortSignal;
  /** Timeout in milliseconds the signal enforces (useful for libraries that take a number). */
  timeoutMs: number;
  /** Injected clock, so tests can control "now" (certificate expiry, push deadlines). */
  now: () => Date;
  /**
   * Persist values a check learned and wants next time (e.g. a refreshed OAuth access token).
   * They are merged into the integration's encrypted secrets by the caller.
   */
  saveSecrets: (patch: Record<string, string>) => Promise<void>;
  /** When the integration last received a push ping (passive `push` kind), else null. */
  lastPushAt: Date | null;
  /** The integration's healthy check interval (the `push` kind's expected ping period). */
  intervalSeconds: number;
}

export interface CheckKind<Schema extends z.ZodType = z.ZodType> {
  /** The kind's name as stored on the integration, e.g. "http". */
  name: string;
  /** One line shown in forms and docs. */
  description: string;
  /** Validates the integration's config (secret fields included). */
  configSchema: Schema;
  /** Names of config fields that are secrets: stored encrypted, never shown or returned. */
  secretFields: readonly string[];
  /**
   * Secret texts the kind builds from its config that are not a secret field's value as stored
   * (e.g. the Basic token made of a user name and a password). The runner redacts these, the
   * secret fields' values and their parts from every observation (see src/security/redact.ts).
   */
  derivedSecrets?(config: z.output<Schema>): string[];
  /**
   * Probe the target. Passive kinds (push) may return null: nothing new to record this time.
   */
  run(config: z.output<Schema>, ctx: CheckContext): Promise<Observation | null>;
}

/** Helper that keeps each kind's `run` typed by its own schema. */
export function defineCheckKind<Schema extends z.ZodType>(kind: CheckKind<Schema>): CheckKind<Schema> {
  return kind;
}
