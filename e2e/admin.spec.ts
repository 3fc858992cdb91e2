/**
 * The admin UI in a real browser: sign in, add an integration with the per-kind form (inline
 * errors swapped in by htmx, "Try it" against a real target, secrets write-only), pause it,
 * create a kiosk token and open the board with its link in a browser that has no session.
 */
import { expect, test } from '@playwright/test';
import { startSwitchableTarget, type SwitchableTarget } from '../test/helpers/switchable-target.ts';
import type { TestDatabase } from '../test/helpers/database.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { freshDatabase, signIn, startInstance, type Instance } from './helpers/servers.ts';

test.skip(Boolean(chromiumMissing), chromiumMissing);
test.describe.configure({ mode: 'serial' });

const shots = 'e2e/screenshots';
let database: TestDatabase;
let server: Instance;
let target: SwitchableTarget;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  database = await freshDatabase();
  target = await startSwitchableTarget();
  server = await startInstance(database);
});

test.afterAll(async () => {
  await server?.stop();
  await target?.close();
  await database?.drop();
});

test('admin pages need a sign-in, then add an integration with inline errors and Try it', async ({ page }) => {
  await page.goto(`${server.url}/admin/integrations`);
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fintegrations/);
  await signIn(page, server.url, '/admin/integrations/new');

  await page.getByLabel('Name').fill('Orders API');
  await page.locator('#f-config-url').fill('not a url');
  // Skip the browser's own validation to see the server's inline errors.
  await page.locator('#integration-form').evaluate((form) => form.setAttribute('novalidate', ''));
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('#f-config-url-error')).toBeVisible();
  await expect(page.locator('#f-config-url')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/admin\/integrations\/new/);

  await page.locator('#integration-form').evaluate((form) => form.setAttribute('novalidate', ''));
  await page.locator('#f-config-url').fill(target.url);
  await page.locator('#f-config-secretHeaders').fill('Authorization: Bearer e2e-secret-value');
  await page.getByRole('button', { name: 'Try it' }).click();
  await expect(page.locator('#try-result .pill')).toHaveClass(/s-up/);
  await expect(page.locator('#try-result')).not.toContainText('e2e-secret-value');
  await page.screenshot({ path: `${shots}/admin-try-it.png`, fullPage: true });

  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/admin\/integrations\?done=created/);
  await expect(page.getByRole('link', { name: 'Orders API', exact: true })).toBeVisible();

  await page.goto(`${server.url}/admin/integrations/orders-api/edit`);
  await expect(page.locator('#f-config-secretHeaders')).toHaveAttribute('placeholder', 'set — replace');
  await expect(page.locator('#f-config-secretHeaders')).toHaveValue('');
  expect(await page.content()).not.toContain('e2e-secret-value');
});

test('pause from the list, with the page updated in place', async ({ page }) => {
  await signIn(page, server.url, '/admin/integrations');
  await page.getByRole('button', { name: 'Pause Orders API' }).click();
  await expect(page.getByText('Paused.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume Orders API' })).toBeVisible();
  await page.screenshot({ path: `${shots}/admin-integrations.png`, fullPage: true });
});

test('a kiosk token opens the board in a browser without a session, and nothing else', async ({ page, browser }) => {
  await signIn(page, server.url, '/admin/tokens');
  await page.getByLabel('Name (what uses it)').fill('Lobby screen');
  await page.getByLabel('Scope').selectOption('kiosk');
  await page.getByRole('button', { name: 'Create token' }).click();
  const link = await page.locator('.created-token code').nth(1).textContent();
  expect(link).toMatch(/\/board\?token=ih_/);
  await page.screenshot({ path: `${shots}/admin-token-created.png`, fullPage: true });

  const wall = await browser.newContext();
  const screen = await wall.newPage();
  await screen.goto(link!);
  await expect(screen.locator('.board-grid')).toBeVisible();
  await expect(screen.locator('#tile-orders-api, [id$="orders-api"]').first()).toBeVisible();
  await screen.goto(`${server.url}/integrations/health`);
  await expect(screen).toHaveURL(/\/login/);
  await wall.close();
});
