/**
 * The embed card inside another site's page: framing is allowed for it (and only it), and it
 * updates live over its own socket, cross-origin.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import type { TestDatabase } from '../test/helpers/database.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { createIntegration, freshDatabase, startInstance, type Instance } from './helpers/servers.ts';

test.skip(Boolean(chromiumMissing), chromiumMissing);

const shots = 'e2e/screenshots';
mkdirSync(shots, { recursive: true });

let database: TestDatabase;
let server: Instance;
let host: http.Server;
let hostUrl: string;
let pushUrl: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await freshDatabase();
  server = await startInstance(database);
  pushUrl = (await createIntegration(server.url, { slug: 'status-api', name: 'Status API', kind: 'push', public: true, intervalSeconds: 3600 })).pushUrl!;
  await createIntegration(server.url, { slug: 'internal-crm', name: 'Internal CRM', kind: 'push', intervalSeconds: 3600 });
  await fetch(`${server.url}${pushUrl}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'up', latencyMs: 84 }) });
  // Another site (another origin: another port) that embeds two cards.
  host = http.createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(`<!DOCTYPE html><html><body style="font-family:sans-serif;background:#eef1f5;padding:24px">
      <h1 style="font-size:18px">Our partner status</h1>
      <iframe id="public" src="${server.url}/embed/status-api?theme=light" width="320" height="130" style="border:0"></iframe>
      <iframe id="dark" src="${server.url}/embed/status-api?theme=dark" width="320" height="130" style="border:0"></iframe>
      <iframe id="private" src="${server.url}/embed/internal-crm" width="320" height="130" style="border:0"></iframe>
    </body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => host?.close(resolve));
  await server?.stop();
  await database?.drop();
});

test('another site frames the card of a public integration and sees it change live', async ({ page }) => {
  await page.goto(hostUrl);
  const card = page.frameLocator('#public').locator('#embed-card');
  await expect(card).toHaveClass(/s-up/);
  await expect(card.locator('.embed-title')).toHaveText('Status API');
  await expect(page.frameLocator('#public').locator('body')).toHaveAttribute('data-ws', 'live');
  await fetch(`${server.url}${pushUrl}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'down', msg: 'queue stalled' }) });
  await expect(card).toHaveClass(/s-down/);
  await expect(card.locator('.pill-text')).toHaveText('Down');
  await expect(page.frameLocator('#dark').locator('#embed-card')).toHaveClass(/s-down/);
  const privateCard = page.frameLocator('#private').locator('#embed-card');
  await expect(privateCard).toContainText('Status unavailable');
  await expect(privateCard).not.toContainText('Internal CRM');
  await page.screenshot({ path: `${shots}/embed.png` });
});

test('other pages still refuse to be framed', async ({ page }) => {
  const response = await page.request.get(`${server.url}/integrations/health`, { maxRedirects: 0 });
  expect(response.headers()['x-frame-options']).toBe('DENY');
  const embed = await page.request.get(`${server.url}/embed/status-api`);
  expect(embed.headers()['x-frame-options']).toBeUndefined();
  expect(embed.headers()['content-security-policy']).toContain('frame-ancestors *');
});
