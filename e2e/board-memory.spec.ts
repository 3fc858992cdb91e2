/**
 * The wall board runs for days: after 2,000 pushed tile updates its DOM node count and JS heap
 * must stay within 10 % of their level after the first 100 (measured in Chromium after a forced
 * garbage collection, through the DevTools protocol).
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { TestDatabase } from '../test/helpers/database.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { createIntegration, freshDatabase, signIn, startInstance, waitUntil, type Instance } from './helpers/servers.ts';

test.skip(Boolean(chromiumMissing), chromiumMissing);
// A trace would record every one of the thousands of frames and skew the measurement.
test.use({ trace: 'off' });

const shots = 'e2e/screenshots';
mkdirSync(shots, { recursive: true });

let database: TestDatabase;
let server: Instance;
const pushUrls: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await freshDatabase();
  server = await startInstance(database, { role: 'all', env: { HEALTH_MONITORING_ENABLED: 'true' } });
  const names = ['Payments', 'Billing', 'Search', 'Slack', 'Gmail', 'Calendar', 'CRM', 'Ledger', 'Inventory', 'Shipping', 'Auth', 'Webhooks', 'Reports', 'Exports', 'Pricing', 'Catalog', 'Tax', 'Invoices', 'Fraud', 'Support'];
  for (const name of names) {
    const created = await createIntegration(server.url, { name, kind: 'push', tags: ['wall'], intervalSeconds: 3600 });
    pushUrls.push(created.pushUrl!);
  }
});

test.afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

interface Footprint {
  nodes: number;
  heap: number;
  listeners: number;
}

async function footprint(page: Page, cdp: CDPSession): Promise<Footprint> {
  // Collect twice: the first pass can leave objects that only the second frees (weak references).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { nodes, heap: metric('JSHeapUsedSize'), listeners: metric('JSEventListeners') };
}

test('after 2,000 pushed updates the board holds as many DOM nodes and as much heap as after 100', async ({ page }) => {
  test.setTimeout(240_000);
  let updates = 0;
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      updates += (String(frame.payload).match(/id="btile-/g) ?? []).length;
    });
  });
  await signIn(page, server.url, '/board?tag=wall');
  await expect(page.locator('body')).toHaveAttribute('data-ws', 'live');
  await expect(page.locator('#board-grid .btile')).toHaveCount(20);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  const statuses = ['up', 'up', 'up', 'down', 'degraded'] as const;
  let sent = 0;
  const pingUntil = async (target: number) => {
    // Eight pingers in parallel, each ping a stored result that every instance's hub pushes.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (updates < target) {
          const index = sent++;
          const status = statuses[index % statuses.length]!;
          const url = pushUrls[(index * 7) % pushUrls.length]!;
          await fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status, latencyMs: 20 + (index % 400) }) });
        }
      }),
    );
    // Let the last coalesced flush arrive and settle.
    let last = -1;
    await waitUntil(async () => {
      const settled = last === updates;
      last = updates;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return settled;
    }, 10_000, 'the pushes to settle');
  };

  const progress = setInterval(() => process.stdout.write(`[board memory] ${sent} pings, ${updates} tile updates\n`), 5_000);
  await pingUntil(100);
  const early = await footprint(page, cdp);
  const earlyUpdates = updates;
  await pingUntil(2_000);
  const late = await footprint(page, cdp);
  clearInterval(progress);
  test.info().annotations.push({
    type: 'footprint',
    description: `after ${earlyUpdates} updates: ${early.nodes} nodes, ${(early.heap / 1024).toFixed(0)} KiB heap, ${early.listeners} listeners; after ${updates} (${sent} pings): ${late.nodes} nodes, ${(late.heap / 1024).toFixed(0)} KiB heap, ${late.listeners} listeners`,
  });
  process.stdout.write(`[board memory] ${test.info().annotations.at(-1)!.description}\n`);

  expect(updates).toBeGreaterThanOrEqual(2_000);
  expect(late.nodes).toBeLessThanOrEqual(early.nodes * 1.1);
  expect(late.heap).toBeLessThanOrEqual(early.heap * 1.1);
  expect(late.listeners).toBeLessThanOrEqual(early.listeners * 1.1);
  await expect(page.locator('#board-grid .btile')).toHaveCount(20);
  await page.screenshot({ path: `${shots}/board-20.png` });
});
