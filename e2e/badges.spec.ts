/**
 * Badges render in a real browser: a real server process (dist/main.js, as `npm start` runs it) serves them, and a
 * page on another origin (about:blank, like a README) embeds them as <img>. Each image is drawn
 * onto a canvas — reading its pixels only works because badges allow any origin — to check the
 * colour of the message half. The page is saved to e2e/screenshots/badges.png.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { TestDatabase } from '../test/helpers/database.ts';
import { startSwitchableTarget, type SwitchableTarget } from '../test/helpers/switchable-target.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { adminApi, createIntegration, freshDatabase, startInstance, type Instance } from './helpers/servers.ts';

const shots = 'e2e/screenshots';
mkdirSync(shots, { recursive: true });

test.skip(Boolean(chromiumMissing), chromiumMissing);
test.describe.configure({ mode: 'serial' });

let database: TestDatabase;
let server: Instance;
let healthy: SwitchableTarget;
let failing: SwitchableTarget;

/** What the page reports for one badge image. */
interface RenderedImage {
  src: string;
  loaded: boolean;
  width: number;
  height: number;
  /** RGB of a pixel near the right end of the message half. */
  message: [number, number, number];
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await freshDatabase();
  healthy = await startSwitchableTarget();
  failing = await startSwitchableTarget();
  failing.setStatus(503);
  server = await startInstance(database);
  await createIntegration(server.url, { slug: 'green-api', name: 'Green API', kind: 'http', config: { url: healthy.url }, public: true, tags: ['demo'], intervalSeconds: 3600 });
  await createIntegration(server.url, { slug: 'red-api', name: 'Red API', kind: 'http', config: { url: failing.url }, public: true, tags: ['demo'], intervalSeconds: 3600 });
  for (const [slug, status] of [['green-api', 'up'], ['red-api', 'down']] as const) {
    await expect.poll(async () => (await adminApi(server.url, 'GET', `/api/v1/integrations/${slug}`)).body.integration.status, { timeout: 20_000 }).toBe(status);
  }
});

test.afterAll(async () => {
  await server?.stop();
  await healthy?.close();
  await failing?.close();
  await database?.drop();
});

test('status, aggregate and styled badges load as cross-origin images in their colours', async ({ page }) => {
  const badges = [
    '/badge/green-api/status.svg',
    '/badge/red-api/status.svg',
    '/badge/no-such-thing/status.svg',
    '/badge/tag/demo/status.svg?label=demo%20services',
    '/badge/green-api/status.svg?style=for-the-badge&label=%3Cscript%3E',
    '/badge/green-api/uptime.svg?window=24h',
    '/badge/green-api/latency.svg?p=95',
    '/badge/green-api/cert.svg?style=flat-square',
  ].map((path) => `${server.url}${path}`);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.setViewportSize({ width: 640, height: 420 });
  await page.setContent(`<!doctype html><html><body style="font-family:sans-serif;background:#fff;margin:16px">
    <h3>Integration Health badges</h3>
    ${badges.map((src) => `<p style="margin:6px 0"><img crossorigin="anonymous" src="${src}" alt="badge"></p>`).join('\n')}
  </body></html>`);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 15_000 });
  const images: RenderedImage[] = await page.evaluate(() =>
    [...document.images].map((img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      let message: [number, number, number] = [0, 0, 0];
      if (context && img.naturalWidth > 0) {
        context.drawImage(img, 0, 0);
        // getImageData throws on a tainted canvas: this is the CORS check.
        const [r, g, b] = context.getImageData(img.naturalWidth - 4, Math.floor(img.naturalHeight / 2), 1, 1).data;
        message = [r ?? 0, g ?? 0, b ?? 0];
      }
      return { src: img.src, loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth, height: img.naturalHeight, message };
    }),
  );
  await page.screenshot({ path: `${shots}/badges.png`, fullPage: true });

  expect(pageErrors).toEqual([]);
  for (const image of images) {
    expect(image.loaded, `${image.src} rendered`).toBe(true);
    expect(image.height, image.src).toBeGreaterThanOrEqual(20);
    expect(image.width, image.src).toBeGreaterThan(40);
  }
  const [green = [0, 0, 0], red = [0, 0, 0], grey = [0, 0, 0]] = images.map((image) => image.message);
  expect(green[1] - Math.max(green[0], green[2]), `up is green: ${green}`).toBeGreaterThan(60);
  expect(red[0] - Math.max(red[1], red[2]), `down is red: ${red}`).toBeGreaterThan(60);
  expect(Math.max(...grey) - Math.min(...grey), `unknown is grey: ${grey}`).toBeLessThan(12);
});

test('a badge opened directly is an SVG document titled "label: message"', async ({ page }) => {
  const response = await page.goto(`${server.url}/badge/red-api/status.svg?label=payments`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
  await expect(page).toHaveTitle('payments: down');
  expect(await page.evaluate(() => document.documentElement.namespaceURI)).toBe('http://www.w3.org/2000/svg');
});
