/**
 * The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas that validate
 * requests (`z.toJSONSchema`): integration input, each check kind's config schema (one component
 * per kind, secret fields marked writeOnly), the health/history query schemas, and the other
 * resources' request schemas. Response shapes come from src/openapi/responses.ts. Built once.
 */
import { z } from 'zod';
import { checkKinds } from '../checks/registry.ts';
import { healthQuerySchema, historyQuerySchema } from '../domain/analytics-queries.ts';
import { createIntegrationSchema, updateIntegrationSchema } from '../domain/integration-input.ts';
import { maintenanceWindowSchema } from '../alerts/maintenance.ts';
import { createChannelSchema, updateChannelSchema } from '../services/alert-channels.ts';
import { deliveryQuerySchema } from '../services/alert-deliveries.ts';
import { pushInputSchema } from '../services/checks.ts';
import * as responses from './responses.ts';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, what OpenAPI 3.1 uses) of a zod schema, without the `$schema` key. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  // Definitions would be resolved against the whole document and break: the schemas used here
  // have no cycles, so this only trips if someone adds one (the document test would fail).
  if ('$defs' in rest) throw new Error('OpenAPI: a schema produced $defs; give it an explicit component instead');
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: Json) => ({ content: { 'application/json': { schema } } });
const body = (name: string, description?: string) => ({ required: true, ...(description ? { description } : {}), ...jsonContent(ref(name)) });
const ok = (name: string, description: string) => ({ description, ...jsonContent(ref(name)) });

const errorResponses = {
  BadRequest: 'Invalid input: `issues` names every invalid field with its path.',
  Unauthorized: 'No or invalid credentials.',
  Forbidden: 'Credentials lack the scope for this call.',
  NotFound: 'No such resource.',
  Conflict: 'Conflict (e.g. slug taken) or read-only (managed by INTEGRATIONS_FILE).',
  TooManyRequests: 'Rate limited: retry after `Retry-After` seconds.',
} as const;
const errorRef = (name: keyof typeof errorResponses) => ({ $ref: `#/components/responses/${name}` });
const errors = (...names: (keyof typeof errorResponses)[]) => {
  const codes: Record<keyof typeof errorResponses, string> = { BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404', Conflict: '409', TooManyRequests: '429' };
  return Object.fromEntries(names.map((name) => [codes[name], errorRef(name)]));
};

function queryParameters(schema: z.ZodType): Json[] {
  const json = jsonSchemaOf(schema);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const slugParameter = { name: 'slug', in: 'path', required: true, schema: { type: 'string' }, description: 'The integration slug.' };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

function kindComponents(): { schemas: Record<string, Json>; createVariants: Json[]; mapping: Record<string, string> } {
  const schemas: Record<string, Json> = {};
  const createVariants: Json[] = [];
  const mapping: Record<string, string> = {};
  for (const [name, kind] of Object.entries(checkKinds)) {
    const config = jsonSchemaOf(kind.configSchema);
    const properties = (config.properties ?? {}) as Record<string, Json>;
    for (const field of kind.secretFields) if (properties[field]) properties[field] = { ...properties[field], writeOnly: true, description: `${properties[field].description ?? ''} Secret: stored encrypted, never returned.`.trim() };
    schemas[`Config_${name}`] = { ...config, description: `config of kind "${name}": ${kind.description}` };
    schemas[`IntegrationCreate_${name}`] = {
      allOf: [ref('IntegrationCreateBase'), { type: 'object', required: ['kind'], properties: { kind: { const: name }, config: ref(`Config_${name}`) } }],
    };
    createVariants.push(ref(`IntegrationCreate_${name}`));
    mapping[name] = `#/components/schemas/IntegrationCreate_${name}`;
  }
  return { schemas, createVariants, mapping };
}

function buildDocument(): Json {
  const kinds = kindComponents();
  const integrationTag = ['integrations'];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Integration Health API',
      version: '1',
      description:
        'Health, uptime and latency of the integrations a team depends on. Authenticate with `Authorization: Bearer <token>` (ADMIN_TOKEN or an API token) or a session cookie. Uptime is time-weighted; percentiles come from log-bucket histograms within 1 % (see README "Uptime and percentiles"). Every error is `{ "error": { "code", "message", "issues" } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    tags: [
      { name: 'integrations', description: 'Integrations, their health and history, manual checks.' },
      { name: 'alerts', description: 'Alert channels and deliveries.' },
      { name: 'maintenance', description: 'Maintenance windows.' },
      { name: 'system', description: 'The installation itself.' },
    ],
    paths: {
      '/api/v1/integrations': {
        get: { operationId: 'getAllHealth', tags: integrationTag, summary: 'Every integration with status, uptime 24h/7d/30d and P50/P95/P99 over 24 h', responses: { 200: ok('IntegrationList', 'Worst first.'), ...errors('Unauthorized') } },
        post: {
          operationId: 'createIntegration',
          tags: integrationTag,
          summary: 'Create an integration (config validated by its kind; secrets write-only)',
          requestBody: body('IntegrationCreate'),
          responses: { 201: ok('CreatedIntegration', 'Created; `Location` names it.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict') },
        },
      },
      '/api/v1/integrations/{slug}': {
        parameters: [slugParameter],
        get: { operationId: 'getIntegration', tags: integrationTag, responses: { 200: ok('IntegrationDetail', 'The integration (config only for members).'), ...errors('Unauthorized', 'NotFound') } },
        patch: {
          operationId: 'updateIntegration',
          tags: integrationTag,
          summary: 'Change fields; config is merged and re-validated by the kind',
          requestBody: body('IntegrationUpdate'),
          responses: { 200: ok('IntegrationDetail', 'Changed.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict') },
        },
        delete: { operationId: 'deleteIntegration', tags: integrationTag, responses: { 204: { description: 'Deleted with its history.' }, ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
      },
      '/api/v1/integrations/{slug}/health': {
        parameters: [slugParameter],
        get: {
          operationId: 'getHealth',
          tags: integrationTag,
          summary: 'Uptime, time per status, check counts and latency percentiles over a window (default 24h) or from/to',
          parameters: queryParameters(healthQuerySchema),
          responses: { 200: ok('Health', 'Health over the window.'), ...errors('BadRequest', 'Unauthorized', 'NotFound') },
        },
      },
      '/api/v1/integrations/{slug}/history': {
        parameters: [slugParameter],
        get: {
          operationId: 'getHistory',
          tags: integrationTag,
          summary: 'Paged history: raw results (retention period) or hourly/daily buckets (kept forever)',
          description: 'Ranges are bounded: raw 7 days, hour 92 days, day 3660 days; pages hold at most 1000 items. Exceeding either is a 400.',
          parameters: queryParameters(historyQuerySchema),
          responses: { 200: ok('History', 'One page, oldest first.'), ...errors('BadRequest', 'Unauthorized', 'NotFound') },
        },
      },
      '/api/v1/integrations/{slug}/checks': {
        parameters: [slugParameter],
        post: {
          operationId: 'triggerCheck',
          tags: integrationTag,
          summary: 'Check now (once a minute per integration, across all instances)',
          responses: {
            202: { description: 'Queued ahead of scheduled checks; follow `href`.', headers: { Location: { schema: { type: 'string' } } }, ...jsonContent(ref('CheckQueued')) },
            429: { ...errorRef('TooManyRequests') },
            ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict'),
          },
        },
      },
      '/api/v1/integrations/{slug}/checks/{id}': {
        parameters: [slugParameter, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        get: { operationId: 'getCheck', tags: integrationTag, responses: { 200: ok('CheckState', 'State of a manual check.'), ...errors('Unauthorized', 'NotFound') } },
      },
      '/api/v1/metrics/system': {
        get: { operationId: 'getSystemMetrics', tags: ['system'], summary: 'Integrations per status, check rate, queue backlog, WebSocket clients, database, process', responses: { 200: ok('SystemMetrics', 'Current figures.'), ...errors('Unauthorized') } },
      },
      '/api/v1/alert-channels': {
        get: { operationId: 'listAlertChannels', tags: ['alerts'], responses: { 200: ok('AnyObject', '`{ channels: [...] }`, secrets never included.'), ...errors('Unauthorized') } },
        post: { operationId: 'createAlertChannel', tags: ['alerts'], requestBody: body('AlertChannelCreate'), responses: { 201: ok('AnyObject', '`{ channel }`.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden') } },
      },
      '/api/v1/alert-channels/{id}': {
        parameters: [idParameter],
        get: { operationId: 'getAlertChannel', tags: ['alerts'], responses: { 200: ok('AnyObject', '`{ channel }`.'), ...errors('Unauthorized', 'NotFound') } },
        patch: { operationId: 'updateAlertChannel', tags: ['alerts'], requestBody: body('AlertChannelUpdate'), responses: { 200: ok('AnyObject', '`{ channel }`.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
        delete: { operationId: 'deleteAlertChannel', tags: ['alerts'], responses: { 204: { description: 'Deleted.' }, ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
      },
      '/api/v1/alert-channels/{id}/test': {
        parameters: [idParameter],
        post: { operationId: 'testAlertChannel', tags: ['alerts'], responses: { 200: ok('AnyObject', '`{ test }`: sent, or the error.'), ...errors('Unauthorized', 'Forbidden', 'NotFound') } },
      },
      '/api/v1/alerts': {
        get: { operationId: 'listAlertDeliveries', tags: ['alerts'], parameters: queryParameters(deliveryQuerySchema), responses: { 200: ok('AnyObject', 'Alert deliveries, newest first.'), ...errors('BadRequest', 'Unauthorized') } },
      },
      '/api/v1/alerts/{id}': {
        parameters: [idParameter],
        get: { operationId: 'getAlertDelivery', tags: ['alerts'], responses: { 200: ok('AnyObject', '`{ alert }` with every attempt.'), ...errors('Unauthorized', 'NotFound') } },
      },
      '/api/v1/alerts/{id}/retry': {
        parameters: [idParameter],
        post: { operationId: 'retryAlertDelivery', tags: ['alerts'], responses: { 200: ok('AnyObject', 'Queued again.'), ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
      },
      '/api/v1/maintenance-windows': {
        get: { operationId: 'listMaintenanceWindows', tags: ['maintenance'], responses: { 200: ok('AnyObject', '`{ windows: [...] }`.'), ...errors('Unauthorized') } },
        post: {
          operationId: 'createMaintenanceWindow',
          tags: ['maintenance'],
          requestBody: body('MaintenanceWindow', 'Plus scope: `integration` (a slug) or `tags`; neither = every integration.'),
          responses: { 201: ok('AnyObject', '`{ window }`.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden') },
        },
      },
      '/api/v1/maintenance-windows/{id}': {
        parameters: [idParameter],
        get: { operationId: 'getMaintenanceWindow', tags: ['maintenance'], responses: { 200: ok('AnyObject', '`{ window }`.'), ...errors('Unauthorized', 'NotFound') } },
        patch: { operationId: 'updateMaintenanceWindow', tags: ['maintenance'], requestBody: body('MaintenanceWindow'), responses: { 200: ok('AnyObject', '`{ window }`.'), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
        delete: { operationId: 'deleteMaintenanceWindow', tags: ['maintenance'], responses: { 204: { description: 'Deleted.' }, ...errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') } },
      },
      '/api/v1/push/{token}': {
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: 'The push token shown once at creation: it is the credential.' }],
        get: { operationId: 'pushGet', tags: integrationTag, security: [], parameters: queryParameters(pushInputSchema), responses: { 200: ok('AnyObject', 'Recorded.'), ...errors('BadRequest', 'NotFound') } },
        post: { operationId: 'pushPost', tags: integrationTag, security: [], requestBody: { required: false, ...jsonContent(ref('PushInput')) }, responses: { 200: ok('AnyObject', 'Recorded.'), ...errors('BadRequest', 'NotFound') } },
      },
      '/api/v1/events': {
        get: { operationId: 'events', tags: ['system'], summary: 'WebSocket: JSON events (check.completed, status.changed, integration.changed, alert.sent) after a snapshot', responses: { 101: { description: 'Switching protocols.' }, ...errors('Unauthorized') } },
      },
      '/metrics': {
        get: { operationId: 'prometheusMetrics', tags: ['system'], summary: 'Prometheus text exposition', responses: { 200: { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors('Unauthorized') } },
      },
      '/healthz': { get: { operationId: 'liveness', tags: ['system'], security: [], responses: { 200: { description: 'The process serves.' } } } },
      '/readyz': { get: { operationId: 'readiness', tags: ['system'], security: [], responses: { 200: { description: 'Ready.' }, 503: { description: 'Not ready; `reasons` says why.' } } } },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN or an API token (read or admin scope).' },
        session: { type: 'apiKey', in: 'cookie', name: 'session', description: 'Browser session after signing in (writes also need the CSRF token).' },
      },
      responses: Object.fromEntries(Object.entries(errorResponses).map(([name, description]) => [name, { description, ...jsonContent(ref('Error')) }])),
      schemas: {
        Error: jsonSchemaOf(responses.errorResponseSchema, 'output'),
        IntegrationCreateBase: jsonSchemaOf(createIntegrationSchema),
        IntegrationCreate: { oneOf: kinds.createVariants, discriminator: { propertyName: 'kind', mapping: kinds.mapping } },
        IntegrationUpdate: { ...jsonSchemaOf(updateIntegrationSchema), description: "config is merged into the stored config and re-validated by the kind's Config_<kind> schema." },
        ...kinds.schemas,
        IntegrationList: jsonSchemaOf(responses.integrationListSchema, 'output'),
        IntegrationDetail: jsonSchemaOf(responses.integrationDetailSchema, 'output'),
        CreatedIntegration: jsonSchemaOf(responses.createdIntegrationSchema, 'output'),
        Health: jsonSchemaOf(responses.healthResponseSchema, 'output'),
        History: jsonSchemaOf(responses.historyResponseSchema, 'output'),
        CheckQueued: jsonSchemaOf(responses.checkQueuedSchema, 'output'),
        CheckState: jsonSchemaOf(responses.checkStateSchema, 'output'),
        SystemMetrics: jsonSchemaOf(responses.systemMetricsSchema, 'output'),
        AlertChannelCreate: jsonSchemaOf(createChannelSchema),
        AlertChannelUpdate: jsonSchemaOf(updateChannelSchema),
        MaintenanceWindow: jsonSchemaOf(maintenanceWindowSchema),
        PushInput: jsonSchemaOf(pushInputSchema),
        AnyObject: jsonSchemaOf(responses.anyObjectSchema, 'output'),
      },
    },
  };
}

let built: Json | undefined;

export function openApiDocument(): Json {
  return (built ??= buildDocument());
}
