/**
 * The validated file turned into what the database should hold for each item the file manages:
 * named policies resolved, defaults filled in, each kind's config validated (with its defaults),
 * so diffing compares like with like.
 */
import { maintenanceWindowSchema } from '../alerts/maintenance.ts';
import { getChannelKind, isAlertChannelName } from '../alerts/registry.ts';
import type { AlertChannelKind } from '../alerts/types.ts';
import { getCheckKind } from '../checks/registry.ts';
import type { CheckKind } from '../checks/types.ts';
import type { AlertPolicyOverrides } from './values.ts';
import type { ChannelEntry, ConfigFileInput, WindowEntry } from './schema.ts';

export interface DesiredIntegration {
  /** Position in the file's `integrations` list: error paths point back at it. */
  index: number;
  slug: string;
  kind: string;
  checkKind: CheckKind;
  /** The config as written (after ${ENV} substitution): what the services get. */
  rawConfig: Record<string, unknown>;
  /** The config as the kind's schema outputs it (defaults filled in): what diffing compares. */
  config: Record<string, unknown>;
  name: string;
  tags: string[];
  public: boolean;
  paused: boolean;
  intervalSeconds: number | null;
  maxIntervalSeconds: number | null;
  timeoutMs: number | null;
  alertPolicy: AlertPolicyOverrides | null;
  pushToken: string | undefined;
}

export interface DesiredChannel {
  index: number;
  name: string;
  kind: string;
  channelKind: AlertChannelKind;
  /** Validated by the channel kind's schema (defaults filled in), secrets included. */
  config: Record<string, unknown>;
  enabled: boolean;
  tags: string[];
}

/** Column values of a maintenance window, except the integration id (resolved when applying). */
export interface DesiredWindow {
  index: number;
  name: string;
  integrationSlug: string | null;
  tags: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  daysOfWeek: number[];
  startTime: string | null;
  durationMinutes: number | null;
  timezone: string;
}

export interface DesiredState {
  adoptExisting: boolean;
  integrations: DesiredIntegration[];
  channels: DesiredChannel[];
  maintenanceWindows: DesiredWindow[];
}

/** Only called on a file that passed `configFileSchema`, so kinds and configs are known good. */
export function toDesiredState(file: ConfigFileInput): DesiredState {
  return {
    adoptExisting: file.adoptExisting,
    integrations: file.integrations.map((entry, index) => {
      const checkKind = getCheckKind(entry.kind);
      if (!checkKind) throw new Error(`unknown kind ${entry.kind} after validation`);
      const policy = typeof entry.alertPolicy === 'string' ? file.policies[entry.alertPolicy] : entry.alertPolicy;
      return {
        index,
        slug: entry.slug,
        kind: entry.kind,
        checkKind,
        rawConfig: entry.config,
        config: checkKind.configSchema.parse(entry.config) as Record<string, unknown>,
        name: entry.name ?? entry.slug,
        tags: [...new Set(entry.tags)],
        public: entry.public,
        paused: entry.paused,
        intervalSeconds: entry.intervalSeconds ?? null,
        maxIntervalSeconds: entry.maxIntervalSeconds ?? null,
        timeoutMs: entry.timeoutMs ?? null,
        alertPolicy: policy ?? null,
        pushToken: entry.pushToken,
      };
    }),
    channels: file.channels.map(toDesiredChannel),
    maintenanceWindows: file.maintenanceWindows.map(toDesiredWindow),
  };
}

function toDesiredChannel(entry: ChannelEntry, index: number): DesiredChannel {
  if (!isAlertChannelName(entry.kind)) throw new Error(`unknown channel kind ${entry.kind} after validation`);
  const channelKind = getChannelKind(entry.kind);
  return {
    index,
    name: entry.name,
    kind: entry.kind,
    channelKind,
    config: channelKind.configSchema.parse(entry.config) as Record<string, unknown>,
    enabled: entry.enabled,
    tags: [...new Set(entry.tags)],
  };
}

/** The same column values the maintenance-window API stores for the same input. */
function toDesiredWindow(entry: WindowEntry, index: number): DesiredWindow {
  const window = maintenanceWindowSchema.parse(entry);
  const scope = { index, name: entry.name, integrationSlug: entry.integration ?? null, tags: entry.integration ? [] : [...new Set(entry.tags)] };
  return window.kind === 'once'
    ? { ...scope, startsAt: window.startsAt, endsAt: window.endsAt, daysOfWeek: [], startTime: null, durationMinutes: null, timezone: 'UTC' }
    : {
        ...scope,
        startsAt: null,
        endsAt: null,
        daysOfWeek: [...new Set(window.daysOfWeek)].sort((a, b) => a - b),
        startTime: window.startTime,
        durationMinutes: window.durationMinutes,
        timezone: window.timeZone,
      };
}
