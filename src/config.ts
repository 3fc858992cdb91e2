/**
 * Environment → typed, frozen configuration, parsed once at the edge. A bad value stops start-up
 * with one line that names the variable, says what is wrong with the value and what is allowed.
 * Nothing here falls back to a default on a typo: only an unset (or empty) variable does.
 */
import { z } from 'zod';

const booleanWords: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, on: true, off: false };

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const parsed = booleanWords[value.trim().toLowerCase()];
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be one of true, false, 1, 0, yes, no, on, off' });
        return z.NEVER;
      }
      return parsed;
    });

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      if (!/^-?\d+$/.test(value.trim())) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number between ${min} and ${max}` });
        return z.NEVER;
      }
      const parsed = Number(value);
      if (parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const postgresUrl = optionalText.refine(
  (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
  'must be a postgres:// or postgresql:// connection URL',
);

const httpUrl = optionalText.refine((value) => {
  if (value === undefined) return true;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an absolute http:// or https:// URL');

const envSchema = z
  .object({
    PORT: int(3000, 0, 65535),
    HOST: optionalText.transform((value) => value ?? '0.0.0.0'),
    PUBLIC_URL: httpUrl,
    DATABASE_URL: postgresUrl,
    DATA_DIR: optionalText.transform((value) => value ?? './data'),
    SECRET_KEY: optionalText.refine((value) => value === undefined || value.length >= 32, 'must be at least 32 characters (try: openssl rand -base64 32)'),
    SECRET_KEY_PREVIOUS: optionalText.transform((value) => (value ?? '').split(',').map((key) => key.trim()).filter(Boolean)),
    ADMIN_TOKEN: optionalText.refine((value) => value === undefined || value.length >= 24, 'must be at least 24 characters'),
    ADMIN_EMAIL: optionalText.refine((value) => value === undefined || /^[^\s@]+@[^\s@]+$/.test(value), 'must be an email address'),
    ADMIN_PASSWORD: optionalText.refine((value) => value === undefined || value.length >= 12, 'must be at least 12 characters'),
    ROLE: optionalText.pipe(z.enum(['all', 'web', 'worker'], { message: 'must be one of all, web, worker' }).optional()).transform((value) => value ?? 'all'),
    LOG_LEVEL: optionalText
      .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' }).optional())
      .transform((value) => value ?? 'info'),
    HEALTH_MONITORING_ENABLED: bool(true),
    PUBLIC_DASHBOARD: bool(false),
    TRUST_PROXY: bool(false),
    HISTORY_RETENTION_DAYS: int(30, 1, 3650),
    CHECK_INTERVAL_SECONDS: int(300, 5, 86_400),
    CHECK_MAX_INTERVAL_SECONDS: int(3600, 5, 86_400),
    CHECK_TIMEOUT_MS: int(10_000, 100, 120_000),
    CHECK_CONCURRENCY: int(16, 1, 1000),
    MANUAL_CHECK_COOLDOWN_SECONDS: int(60, 0, 3600),
    ALERT_DOWN_AFTER: int(2, 1, 100),
    ALERT_RECOVER_AFTER: int(1, 1, 100),
    ALERT_ON_DEGRADED: bool(false),
    ALERT_REMINDER_MINUTES: int(60, 0, 10_080),
    ALERT_COOLDOWN_MINUTES: int(15, 0, 1440),
    ALERT_RETRY_DELAY_SECONDS: int(80, 1, 3600),
    BADGE_CACHE_SECONDS: int(30, 0, 86_400),
    SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
    DATABASE_POOL_SIZE: int(10, 2, 200),
    INTEGRATIONS_FILE: optionalText,
    SMTP_HOST: optionalText,
    SMTP_PORT: int(587, 1, 65535),
    SMTP_USER: optionalText,
    SMTP_PASS: optionalText,
    SMTP_FROM: optionalText,
    SMTP_SECURE: bool(false),
  })
  .superRefine((env, ctx) => {
    if (env.CHECK_MAX_INTERVAL_SECONDS < env.CHECK_INTERVAL_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['CHECK_MAX_INTERVAL_SECONDS'], message: `must be at least CHECK_INTERVAL_SECONDS (${env.CHECK_INTERVAL_SECONDS})` });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'], message: 'must be set together with ADMIN_EMAIL and ADMIN_PASSWORD' });
    }
    if (env.SMTP_HOST !== undefined && env.SMTP_FROM === undefined) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'is required when SMTP_HOST is set (the sender address of alert emails)' });
    }
  });

type ParsedEnv = z.output<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  /** Base URL used in links sent out (alert emails, badges snippets). */
  publicUrl: string | undefined;
  /** Unset → an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset → main.ts supplies one (see secret-key.ts). */
  secretKey: string | undefined;
  /** Older keys that still decrypt stored secrets during a rotation. */
  previousSecretKeys: string[];
  adminToken: string | undefined;
  admin: { email: string; password: string } | undefined;
  role: 'all' | 'web' | 'worker';
  logLevel: ParsedEnv['LOG_LEVEL'];
  monitoringEnabled: boolean;
  publicDashboard: boolean;
  /** Behind one reverse proxy: believe its X-Forwarded-For/-Proto/-Host (client address, HTTPS). */
  trustProxy: boolean;
  historyRetentionDays: number;
  checks: { intervalSeconds: number; maxIntervalSeconds: number; timeoutMs: number; concurrency: number; manualCooldownSeconds: number };
  alertPolicy: { downAfter: number; recoverAfter: number; alertOnDegraded: boolean; reminderMinutes: number; cooldownMinutes: number };
  /** Base of the exponential backoff between alert delivery attempts (the 4 waits average 22.5× this). */
  alertDelivery: { retryDelaySeconds: number };
  badgeCacheSeconds: number;
  shutdownTimeoutMs: number;
  /** Connections of the app's pool; pg-boss and the event listener hold a few more. */
  databasePoolSize: number;
  integrationsFile: string | undefined;
  smtp: { host: string; port: number; user: string | undefined; pass: string | undefined; from: string; secure: boolean } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` (default `process.env`) or throws a ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const result = envSchema.safeParse(pickKnown(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = env[name];
      return `${name}${describeValue(name, value)} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return deepFreeze(toConfig(result.data));
}

function toConfig(env: ParsedEnv): Config {
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    secretKey: env.SECRET_KEY,
    previousSecretKeys: env.SECRET_KEY_PREVIOUS,
    adminToken: env.ADMIN_TOKEN,
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    role: env.ROLE,
    logLevel: env.LOG_LEVEL,
    monitoringEnabled: env.HEALTH_MONITORING_ENABLED,
    publicDashboard: env.PUBLIC_DASHBOARD,
    trustProxy: env.TRUST_PROXY,
    historyRetentionDays: env.HISTORY_RETENTION_DAYS,
    checks: {
      intervalSeconds: env.CHECK_INTERVAL_SECONDS,
      maxIntervalSeconds: env.CHECK_MAX_INTERVAL_SECONDS,
      timeoutMs: env.CHECK_TIMEOUT_MS,
      concurrency: env.CHECK_CONCURRENCY,
      manualCooldownSeconds: env.MANUAL_CHECK_COOLDOWN_SECONDS,
    },
    alertPolicy: {
      downAfter: env.ALERT_DOWN_AFTER,
      recoverAfter: env.ALERT_RECOVER_AFTER,
      alertOnDegraded: env.ALERT_ON_DEGRADED,
      reminderMinutes: env.ALERT_REMINDER_MINUTES,
      cooldownMinutes: env.ALERT_COOLDOWN_MINUTES,
    },
    alertDelivery: { retryDelaySeconds: env.ALERT_RETRY_DELAY_SECONDS },
    badgeCacheSeconds: env.BADGE_CACHE_SECONDS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    integrationsFile: env.INTEGRATIONS_FILE,
    smtp:
      env.SMTP_HOST && env.SMTP_FROM
        ? { host: env.SMTP_HOST, port: env.SMTP_PORT, user: env.SMTP_USER, pass: env.SMTP_PASS, from: env.SMTP_FROM, secure: env.SMTP_SECURE }
        : undefined,
  };
}

/** The variables this schema knows; empty strings count as unset. */
function pickKnown(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const known: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    known[key] = value === '' ? undefined : value;
  }
  return known;
}

const secretVariables = new Set(['SECRET_KEY', 'SECRET_KEY_PREVIOUS', 'ADMIN_TOKEN', 'ADMIN_PASSWORD', 'SMTP_PASS', 'DATABASE_URL']);

/** Quotes the offending value, except for secrets (which are never echoed). */
function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (secretVariables.has(name)) return ' (value hidden)';
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `=${JSON.stringify(shown)}`;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
