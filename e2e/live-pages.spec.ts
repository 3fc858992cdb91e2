/**
 * The live pages as a person uses them, against two real server processes on one database:
 * instance A serves pages only (ROLE=web, runs no checks), instance B runs every check. So
 * whatever the browser on A sees change was checked by B and reached A through NOTIFY.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startSwitchableTarget, type SwitchableTarget } from '../test/helpers/switchable-target.ts';
import type { TestDatabase } from '../test/helpers/database.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { createIntegration, freshDatabase, signIn, startInstance, type Instance } from './helpers/servers.ts';

const shots = 'e2e/screenshots';
mkdirSync(shots, { recursive: true });

test.skip(Boolean(chromiumMissing), chromiumMissing);
test.describe.configure({ mode: 'serial' });

let database: TestDatabase;
let web: Instance;
let worker: Instance;
let payments: SwitchableTarget;
let search: SwitchableTarget;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await freshDatabase();
  payments = await startSwitchableTarget();
  search = await startSwitchableTarget();
  search.setDelay(180);
  worker = await startInstance(database, { role: 'all' });
  web = await startInstance(database, { role: 'web' });
  await createIntegration(worker.url, { slug: 'payments-api', name: 'Payments API', kind: 'http', config: { url: payments.url }, tags: ['payments'], intervalSeconds: 5, maxIntervalSeconds: 5 });
  await createIntegration(worker.url, { slug: 'search', name: 'Search', kind: 'http', config: { url: search.url }, tags: ['core'], intervalSeconds: 30 });
  await createIntegration(worker.url, { slug: 'ledger', name: 'Ledger', kind: 'http', config: { url: search.url }, tags: ['payments'], intervalSeconds: 30 });
  const heartbeat = await createIntegration(worker.url, { slug: 'nightly-export', name: 'Nightly export', kind: 'push', tags: ['jobs'], intervalSeconds: 3600 });
  await fetch(`${worker.url}${heartbeat.pushUrl}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'degraded', msg: 'Export took 48 min' }) });
});

test.afterAll(async () => {
  await web?.stop();
  await worker?.stop();
  await payments?.close();
  await search?.close();
  await database?.drop();
});

async function tileStatus(page: Page, id: string): Promise<string | null> {
  return page.locator(`#${id}`).getAttribute('class');
}

test('the dashboard lists the integrations, worst first, live', async ({ page }) => {
  await signIn(page, web.url);
  await expect(page.locator('.conn')).toHaveAttribute('data-conn', 'live');
  await expect(page.locator('#tile-payments-api')).toHaveClass(/s-up/);
  await expect(page.locator('#tile-search')).toHaveClass(/s-up/);
  await expect(page.locator('#tile-nightly-export')).toHaveClass(/s-degraded/);
  // Worst first: the degraded job's group leads.
  await expect(page.locator('#groups > section').first()).toHaveAttribute('data-group', 'jobs');
  await expect(page.getByRole('link', { name: 'Payments API' })).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${shots}/dashboard-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a target that starts failing turns red on the dashboard and the board, without a reload', async ({ page, context }) => {
  await signIn(page, web.url);
  const board = await context.newPage();
  await board.goto(`${web.url}/board`);
  await expect(board.locator('#btile-payments-api')).toHaveClass(/s-up/);
  await expect(page.locator('.conn')).toHaveAttribute('data-conn', 'live');
  await expect(board.locator('body')).toHaveAttribute('data-ws', 'live');
  // A marker a reload would wipe out.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await board.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

  payments.setStatus(503);
  await expect(page.locator('#tile-payments-api')).toHaveClass(/s-down/, { timeout: 30_000 });
  await expect(board.locator('#btile-payments-api')).toHaveClass(/s-down/, { timeout: 30_000 });
  await expect(page.locator('#tile-payments-api .pill-text')).toHaveText('Down');
  await expect(page.locator('#announcer')).toContainText('Payments API is now Down');
  // Worst first, live: the failing row moved to the top of its group, its group to the top.
  await expect(page.locator('#groups > section').first()).toHaveAttribute('data-group', 'payments');
  await expect(page.locator('#group-payments-rows > tr').first()).toHaveAttribute('id', 'tile-payments-api');
  await expect(board.locator('#board-grid > .btile').first()).toHaveAttribute('id', 'btile-payments-api');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  expect(await board.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

  payments.setStatus(200);
  await expect(page.locator('#tile-payments-api')).toHaveClass(/s-up/, { timeout: 30_000 });
  await expect(board.locator('#btile-payments-api')).toHaveClass(/s-up/, { timeout: 30_000 });
  await board.close();
});

test('Check now shows a spinner until the result arrives; a second click shows the wait', async ({ page }) => {
  await signIn(page, web.url);
  await expect(page.locator('.conn')).toHaveAttribute('data-conn', 'live');
  const row = page.locator('#tile-search');
  const checkedBefore = await row.locator('time').getAttribute('datetime');
  let pendingSeen = false;
  // The check takes ~180 ms at the target; watch for the spinner from the moment of the click.
  const watch = page.waitForSelector('#tile-search .check-now[data-pending-job] .spinner', { state: 'attached', timeout: 10_000 }).then(() => (pendingSeen = true));
  await row.getByRole('button', { name: 'Check Search now' }).click();
  await watch;
  expect(pendingSeen).toBe(true);
  await expect(row.locator('.check-now[data-pending-job]')).toHaveCount(0, { timeout: 30_000 });
  await expect(row.locator('time')).not.toHaveAttribute('datetime', checkedBefore ?? '');
  await expect(row.getByRole('button', { name: 'Check Search now' })).toBeEnabled();

  await row.getByRole('button', { name: 'Check Search now' }).click();
  await expect(row.locator('.inline-msg')).toHaveText(/^Next manual check in \d+ s$/);
  await expect(row.getByRole('button', { name: 'Check Search now' })).toBeEnabled();
  expect(await tileStatus(page, 'tile-search')).toMatch(/s-up/);
  await page.locator('#group-core').screenshot({ path: `${shots}/check-now-429.png` });
});

test('the detail page draws the latency chart and lists checks, live', async ({ page }) => {
  await signIn(page, web.url, '/integrations/payments-api');
  await expect(page.locator('#latency-chart .u-over')).toBeVisible();
  const newest = page.locator('#recent-checks-body tr').first().locator('time');
  await expect(newest).toBeVisible();
  // The integration is checked every 5 s (by the other instance): a newer row arrives on its own.
  const first = await newest.getAttribute('datetime');
  await expect(newest).not.toHaveAttribute('datetime', first ?? '', { timeout: 20_000 });
  await page.getByRole('button', { name: '7d' }).click();
  await expect(page.locator('.u-legend')).toContainText('P95');
  await page.getByRole('button', { name: '24h' }).click();
  await expect(page.locator('.u-legend')).toContainText('Latency');
  await page.screenshot({ path: `${shots}/detail.png`, fullPage: true });
});

test('the board shows a banner when its server stops and recovers when it returns', async ({ page }) => {
  await signIn(page, web.url, '/board');
  await expect(page.locator('body')).toHaveAttribute('data-ws', 'live');
  await expect(page.locator('#clock')).toHaveText(/^\d\d:\d\d$/);
  const tiles = await page.locator('#board-grid .btile').count();
  expect(tiles).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: `${shots}/board.png` });

  await web.stop();
  await expect(page.locator('#conn-banner')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#conn-banner')).toContainText('Connection to the server lost');
  await page.screenshot({ path: `${shots}/board-offline.png` });

  await web.restart();
  await expect(page.locator('#conn-banner')).toBeHidden({ timeout: 30_000 });
  await expect(page.locator('body')).toHaveAttribute('data-ws', 'live');
  await expect(page.locator('#board-grid .btile')).toHaveCount(tiles);
});
