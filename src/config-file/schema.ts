/**
 * The shape of an INTEGRATIONS_FILE. Integration entries reuse the API's own field schemas and
 * each kind's config schema, so the file accepts exactly what the API accepts; issue paths are
 * the file's own paths (`integrations[2].config.url`), which parse.ts maps to line numbers.
 */
import { z } from 'zod';
import { maintenanceWindowSchema } from '../alerts/maintenance.ts';
import { getChannelKind, isAlertChannelName } from '../alerts/registry.ts';
import { ALERT_CHANNEL_NAMES } from '../alerts/types.ts';
import { checkKindNames, getCheckKind } from '../checks/registry.ts';
import { alertPolicyInput, createIntegrationSchema, slugSchema, tagSchema } from '../domain/integration-input.ts';

const policyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be 1-63 letters, digits, dots, dashes or underscores');

const api = createIntegrationSchema.shape;

const integrationEntry = z
  .object({
    slug: slugSchema.describe('Identifies the integration: renaming the slug deletes it and creates a new one (history is not carried over).'),
    name: api.name.optional().describe('Display name; default: the slug.'),
    kind: z.string().min(1),
    config: z.record(z.string(), z.unknown()).default({}),
    tags: api.tags,
    public: api.public,
    paused: api.paused,
    intervalSeconds: api.intervalSeconds,
    maxIntervalSeconds: api.maxIntervalSeconds,
    timeoutMs: api.timeoutMs,
    alertPolicy: z.union([policyName, alertPolicyInput]).nullable().optional().describe('A name from `policies` or the overrides themselves.'),
    pushToken: z.string().min(16, 'must be at least 16 characters').max(200).optional().describe('For kind push: the token your job calls /api/v1/push/<token> with.'),
  })
  .strict();

const itemName = z.string().trim().min(1, 'must not be empty').max(120);

const channelEntry = z
  .object({
    name: itemName.describe('Identifies the channel within the file (names must be unique there).'),
    kind: z.string().min(1),
    config: z.record(z.string(), z.unknown()).default({}),
    enabled: z.boolean().default(true),
    tags: z.array(tagSchema).max(20).default([]).describe('Empty: alerts for every integration; else only integrations with any of these tags.'),
  })
  .strict();

/** Window fields are checked by `maintenanceWindowSchema` in the refinement below (it has no strict mode). */
const windowFields = ['name', 'kind', 'integration', 'tags', 'startsAt', 'endsAt', 'daysOfWeek', 'startTime', 'durationMinutes', 'timeZone'] as const;
const windowEntry = z
  .object({
    name: itemName.describe('Identifies the window within the file (names must be unique there).'),
    integration: slugSchema.optional().describe('Slug of the one integration it covers (declared in this file or not).'),
    tags: z.array(tagSchema).max(20).default([]).describe('Integrations with any of these tags; no integration and no tags = all.'),
  })
  .catchall(z.unknown());

export const configFileSchema = z
  .object({
    version: z.literal(1).default(1),
    adoptExisting: z.boolean().default(false).describe('Take over items with the same slug that were made in the UI (off: such a clash is an error).'),
    policies: z.record(policyName, alertPolicyInput).default({}),
    integrations: z.array(integrationEntry).default([]),
    channels: z.array(channelEntry).default([]),
    maintenanceWindows: z.array(windowEntry).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    refineChannels(file.channels, ctx);
    refineWindows(file.maintenanceWindows, ctx);
    const seen = new Map<string, number>();
    const pushTokens = new Map<string, number>();
    file.integrations.forEach((entry, index) => {
      const at = (...path: (string | number)[]) => ['integrations', index, ...path];
      const first = seen.get(entry.slug);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: at('slug'), message: `duplicate slug "${entry.slug}" (also integrations[${first}])` });
      else seen.set(entry.slug, index);

      if (typeof entry.alertPolicy === 'string' && !Object.hasOwn(file.policies, entry.alertPolicy)) {
        ctx.addIssue({ code: 'custom', path: at('alertPolicy'), message: `no policy named "${entry.alertPolicy}" under policies` });
      }
      if (entry.kind === 'push' && entry.pushToken === undefined) {
        ctx.addIssue({ code: 'custom', path: at('pushToken'), message: 'is required for kind push (e.g. pushToken: ${HEARTBEAT_PUSH_TOKEN})' });
      }
      if (entry.pushToken !== undefined) {
        const other = pushTokens.get(entry.pushToken);
        // Names the other entry, never the token.
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: at('pushToken'), message: `is the same as integrations[${other}].pushToken; each push integration needs its own` });
        else pushTokens.set(entry.pushToken, index);
      }
      if (entry.kind !== 'push' && entry.pushToken !== undefined) {
        ctx.addIssue({ code: 'custom', path: at('pushToken'), message: 'is only for kind push' });
      }
      const kind = getCheckKind(entry.kind);
      if (!kind) {
        ctx.addIssue({ code: 'custom', path: at('kind'), message: `unknown kind "${entry.kind}"; must be one of ${checkKindNames.join(', ')}` });
        return;
      }
      const config = kind.configSchema.safeParse(entry.config);
      if (!config.success) {
        for (const issue of config.error.issues) {
          ctx.addIssue({ code: 'custom', path: at('config', ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))), message: issue.message });
        }
      }
    });
  });

type Refinement = z.core.$RefinementCtx;

function issuePath(prefix: (string | number)[], path: readonly PropertyKey[]): (string | number)[] {
  return [...prefix, ...path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
}

function refineChannels(channels: z.output<typeof channelEntry>[], ctx: Refinement): void {
  const seen = new Map<string, number>();
  channels.forEach((entry, index) => {
    const at = (...path: (string | number)[]) => ['channels', index, ...path];
    const first = seen.get(entry.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: at('name'), message: `duplicate channel name "${entry.name}" (also channels[${first}])` });
    else seen.set(entry.name, index);
    if (!isAlertChannelName(entry.kind)) {
      ctx.addIssue({ code: 'custom', path: at('kind'), message: `unknown channel kind "${entry.kind}"; must be one of ${ALERT_CHANNEL_NAMES.join(', ')}` });
      return;
    }
    const config = getChannelKind(entry.kind).configSchema.safeParse(entry.config);
    if (!config.success) for (const issue of config.error.issues) ctx.addIssue({ code: 'custom', path: issuePath(at('config'), issue.path), message: issue.message });
  });
}

function refineWindows(windows: z.output<typeof windowEntry>[], ctx: Refinement): void {
  const seen = new Map<string, number>();
  windows.forEach((entry, index) => {
    const at = (...path: (string | number)[]) => ['maintenanceWindows', index, ...path];
    const first = seen.get(entry.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: at('name'), message: `duplicate window name "${entry.name}" (also maintenanceWindows[${first}])` });
    else seen.set(entry.name, index);
    for (const key of Object.keys(entry)) {
      if (!(windowFields as readonly string[]).includes(key)) ctx.addIssue({ code: 'custom', path: at(key), message: 'is not a known field' });
    }
    if (entry.integration !== undefined && entry.tags.length > 0) ctx.addIssue({ code: 'custom', path: at('tags'), message: 'give either integration or tags, not both' });
    const window = maintenanceWindowSchema.safeParse(entry);
    if (!window.success) for (const issue of window.error.issues) ctx.addIssue({ code: 'custom', path: issuePath(at(), issue.path), message: issue.message });
  });
}

export type ConfigFileInput = z.output<typeof configFileSchema>;
export type IntegrationEntry = ConfigFileInput['integrations'][number];
export type ChannelEntry = ConfigFileInput['channels'][number];
export type WindowEntry = ConfigFileInput['maintenanceWindows'][number];
