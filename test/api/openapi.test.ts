import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { apiClient } from '../helpers/api.ts';
import { checkKinds } from '../../src/checks/registry.ts';
import { createIntegrationSchema } from '../../src/domain/integration-input.ts';
import { uptimeWindows } from '../../src/analytics/types.ts';

let app: TestApp;
let doc: any;

before(async () => {
  app = await startTestApp({ env: { HEALTH_MONITORING_ENABLED: 'false' } });
  const response = await apiClient(app.url, {}).get('/api/openapi.json');
  assert.equal(response.status, 200, 'the document is public');
  doc = response.body;
});

after(() => app?.close());

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((item) => walk(item, visit));
  }
}

describe('GET /api/openapi.json', () => {
  test('is an OpenAPI 3.1 document with the operations of the API', () => {
    assert.equal(doc.openapi, '3.1.0');
    const operations = new Set<string>();
    for (const item of Object.values<any>(doc.paths)) for (const operation of Object.values<any>(item)) if (operation?.operationId) operations.add(operation.operationId);
    for (const expected of ['getAllHealth', 'getIntegration', 'createIntegration', 'updateIntegration', 'deleteIntegration', 'getHealth', 'getHistory', 'triggerCheck', 'getSystemMetrics', 'prometheusMetrics']) {
      assert.ok(operations.has(expected), `${expected} is documented`);
    }
  });

  test('request schemas are generated from the zod schemas that validate requests', () => {
    const { $schema: _ignored, ...expected } = z.toJSONSchema(createIntegrationSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    assert.deepEqual(doc.components.schemas.IntegrationCreateBase, expected);
    const window = doc.paths['/api/v1/integrations/{slug}/health'].get.parameters.find((parameter: any) => parameter.name === 'window');
    assert.deepEqual(window.schema.enum, [...uptimeWindows]);
    const resolution = doc.paths['/api/v1/integrations/{slug}/history'].get.parameters.find((parameter: any) => parameter.name === 'resolution');
    assert.deepEqual(resolution.schema.enum, ['raw', 'hour', 'day']);
  });

  test('creation is one variant per check kind, each with its own config schema', () => {
    const create = doc.components.schemas.IntegrationCreate;
    assert.equal(create.oneOf.length, Object.keys(checkKinds).length);
    assert.deepEqual(Object.keys(create.discriminator.mapping).sort(), Object.keys(checkKinds).sort());
    for (const name of Object.keys(checkKinds)) assert.ok(doc.components.schemas[`Config_${name}`], `Config_${name}`);
  });

  test('secret config fields are marked write-only', () => {
    for (const [name, kind] of Object.entries(checkKinds)) {
      const properties = doc.components.schemas[`Config_${name}`].properties ?? {};
      for (const field of kind.secretFields) if (properties[field]) assert.equal(properties[field].writeOnly, true, `${name}.${field}`);
    }
    assert.equal(doc.components.schemas.Config_slack.properties.token.writeOnly, true);
  });

  test('errors are documented in the one error shape', () => {
    const error = doc.components.schemas.Error;
    assert.deepEqual(Object.keys(error.properties.error.properties).sort(), ['code', 'issues', 'message', 'retryAfterSeconds']);
    assert.equal(doc.paths['/api/v1/integrations/{slug}/health'].get.responses['400'].$ref, '#/components/responses/BadRequest');
    assert.equal(doc.paths['/api/v1/integrations/{slug}/checks'].post.responses['429'].$ref, '#/components/responses/TooManyRequests');
  });

  test('every $ref points at something in the document', () => {
    const missing: string[] = [];
    walk(doc, (node) => {
      if (typeof node.$ref !== 'string') return;
      const target = node.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((at, part) => at?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
      if (target === undefined) missing.push(node.$ref);
    });
    assert.deepEqual(missing, []);
  });
});

describe('GET /api/docs', () => {
  test('renders the document with the pinned Swagger UI and no inline script', async () => {
    const response = await fetch(`${app.url}/api/docs`);
    assert.equal(response.status, 200);
    const page = await response.text();
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2);
    for (const [, attributes, content] of scripts) {
      assert.match(attributes!, /src="\/public\//);
      assert.equal(content!.trim(), '');
    }
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    for (const [, src] of page.matchAll(/(?:src|href)="(\/public\/[^"]+)"/g)) {
      const asset = await fetch(`${app.url}${src}`);
      assert.equal(asset.status, 200, src);
      await asset.arrayBuffer();
    }
    const init = await (await fetch(`${app.url}/public/api-docs.js`)).text();
    assert.match(init, /\/api\/openapi\.json/);
  });
});
