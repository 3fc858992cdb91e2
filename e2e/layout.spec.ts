/**
 * Every page at a phone, a tablet, a laptop and a wall-screen width: no sideways scrolling,
 * every integration name visible with at least 12 characters of it shown, every action button
 * inside the viewport. One integration of each kind (long names on purpose), a mix of statuses,
 * an alert channel with deliveries, so each page shows realistic content. Screenshots of every
 * page at 390 and 1366 px land in e2e/screenshots/layout/ — look at them.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startSwitchableTarget, type SwitchableTarget } from '../test/helpers/switchable-target.ts';
import type { TestDatabase } from '../test/helpers/database.ts';
import { freePort } from '../test/helpers/process.ts';
import { chromiumMissing } from './helpers/chromium.ts';
import { layoutProblems, layoutWidths } from './helpers/layout-checks.ts';
import { adminApi, createIntegration, freshDatabase, signIn, startInstance, waitUntil, type Instance } from './helpers/servers.ts';

const shots = 'e2e/screenshots/layout';
mkdirSync(shots, { recursive: true });

test.skip(Boolean(chromiumMissing), chromiumMissing);

let database: TestDatabase;
let server: Instance;
let target: SwitchableTarget;
const slugs: Record<string, string> = {};

const heights: Record<number, number> = { 390: 844, 768: 1024, 1366: 768, 1920: 1080 };

test.beforeAll(async () => {
  test.setTimeout(150_000);
  database = await freshDatabase();
  target = await startSwitchableTarget();
  server = await startInstance(database, { env: { HISTORY_RETENTION_DAYS: '30' } });
  // A port nothing listens on: every API-style kind pointed there is down with a real message.
  const deadPort = await freePort();
  const dead = `http://127.0.0.1:${deadPort}`;
  const kinds: [string, string, Record<string, unknown>, string[]][] = [
    ['http', 'Payments gateway (Stripe, EU region)', { url: target.url }, ['payments']],
    ['tcp', 'Ledger database TCP listener', { host: '127.0.0.1', port: Number(new URL(target.url).port) }, ['payments']],
    ['tls', 'Customer portal certificate', { host: '127.0.0.1', port: deadPort }, ['web']],
    ['postgres', 'Analytics warehouse (PostgreSQL)', { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' }, ['data']],
    ['redis', 'Session cache Redis primary', { host: '127.0.0.1', port: 6379 }, ['data']],
    ['slack', 'Slack workspace bot for incident alerts', { token: 'xoxb-layout-test-token', baseUrl: `${dead}/api` }, ['comms']],
    ['gmail', 'Support inbox (Gmail)', { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh', tokenUrl: `${dead}/token`, baseUrl: dead }, ['comms']],
    ['google-calendar', 'On-call calendar sync', { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh', tokenUrl: `${dead}/token`, baseUrl: dead }, ['comms']],
    ['mcp', 'Composio MCP tools for the sales agent', { url: `${dead}/mcp` }, ['ai']],
    ['push', 'Nightly export to the finance data lake', { graceSeconds: 60 }, ['jobs']],
  ];
  for (const [kind, name, config, tags] of kinds) {
    const created = await createIntegration(server.url, { name, kind, config, tags, intervalSeconds: 60, public: kind === 'http' });
    slugs[kind] = created.slug;
    if (kind === 'push') await fetch(`${server.url}${created.pushUrl}?status=degraded&msg=${encodeURIComponent('Export took 48 minutes, longer than the 30 minute budget')}`);
  }
  await createIntegration(server.url, { name: 'Search', kind: 'http', config: { url: target.url }, tags: [], intervalSeconds: 60 });
  const channel = await adminApi(server.url, 'POST', '/api/v1/alert-channels', { name: 'Ops webhook for the payments team', kind: 'webhook', config: { url: `${dead}/hook` } });
  expect(channel.status).toBe(201);
  await adminApi(server.url, 'POST', '/api/v1/maintenance-windows', {
    name: 'Monthly database patching',
    kind: 'once',
    integration: slugs.postgres,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
  });
  // Wait until every scheduled kind has a first result, so pages show statuses and messages.
  await waitUntil(
    async () => {
      const list = await adminApi(server.url, 'GET', '/api/v1/integrations');
      return (list.body.integrations as { status: string }[]).every((integration) => integration.status !== 'unknown');
    },
    60_000,
    'a first result for every integration',
  );
});

test.afterAll(async () => {
  await server?.stop();
  await target?.close();
  await database?.drop();
});

/** Loads `path` (on `base`, default the main server) at each width and checks it; `name` names the screenshots. */
async function checkAtEveryWidth(page: Page, path: string, name: string, ready?: (page: Page) => Promise<void>, base = server.url) {
  const failures: string[] = [];
  for (const width of layoutWidths) {
    await page.setViewportSize({ width, height: heights[width]! });
    await page.goto(`${base}${path}`);
    await ready?.(page);
    const problems = await layoutProblems(page);
    failures.push(...problems.map((problem) => `${name} at ${width} px: ${problem}`));
    if (width === 390 || width === 1366) await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  expect.soft(failures, failures.join('\n')).toEqual([]);
}

const live = async (page: Page) => {
  await expect(page.locator('.conn')).toHaveAttribute('data-conn', 'live');
};

test('the dashboard, the board and the alerts page fit every width', async ({ page }) => {
  await signIn(page, server.url);
  await checkAtEveryWidth(page, '/integrations/health', 'dashboard', live);
  await checkAtEveryWidth(page, '/board', 'board', async (page) => {
    await expect(page.locator('.btile').first()).toBeVisible();
  });
  await checkAtEveryWidth(page, '/alerts', 'alerts');
});

test('the detail page of every kind fits every width', async ({ page }) => {
  await signIn(page, server.url);
  for (const [kind, slug] of Object.entries(slugs)) {
    await checkAtEveryWidth(page, `/integrations/${slug}`, `detail-${kind}`, live);
  }
});

test('every admin page fits every width', async ({ page }) => {
  await signIn(page, server.url, '/admin/integrations');
  const channels = await adminApi(server.url, 'GET', '/api/v1/alert-channels');
  const windows = await adminApi(server.url, 'GET', '/api/v1/maintenance-windows');
  expect(windows.body.windows.length).toBeGreaterThan(0);
  const pages: [string, string][] = [
    ['/admin/integrations', 'admin-integrations'],
    ['/admin/integrations/new', 'admin-integration-new'],
    [`/admin/integrations/${slugs.http}/edit`, 'admin-integration-edit-http'],
    [`/admin/integrations/${slugs.push}/edit`, 'admin-integration-edit-push'],
    ['/admin/channels', 'admin-channels'],
    ['/admin/channels/new', 'admin-channel-new'],
    [`/admin/channels/${channels.body.channels[0].id}/edit`, 'admin-channel-edit'],
    ['/admin/maintenance', 'admin-maintenance'],
    ['/admin/maintenance/new', 'admin-maintenance-new'],
    [`/admin/maintenance/${windows.body.windows[0].id}/edit`, 'admin-maintenance-edit'],
    ['/admin/tokens', 'admin-tokens'],
    ['/admin/users', 'admin-users'],
    ['/api/docs', 'api-docs'],
  ];
  for (const [path, name] of pages) await checkAtEveryWidth(page, path, name);
});

test('the embed card fits its frame and the page at every width', async ({ page }) => {
  await checkAtEveryWidth(page, `/embed/${slugs.http}`, 'embed');
});

test('sign-in and first-run setup fit every width', async ({ browser }) => {
  const page = await freshPage(browser);
  await checkAtEveryWidth(page, '/login', 'login');
  await page.close();

  // A server with no users prints the one-time setup link to its log.
  const blank = await freshDatabase();
  const fresh = await startInstance(blank, { env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '', LOG_LEVEL: 'info' } });
  try {
    const link = await waitUntil(async () => /\/setup\?token=[\w-]+/.exec(fresh.process.output())?.[0], 20_000, 'the setup link in the log');
    const setupPage = await freshPage(browser);
    try {
      await checkAtEveryWidth(setupPage, link, 'setup', undefined, fresh.url);
      await checkAtEveryWidth(setupPage, '/login', 'login-first-run', undefined, fresh.url);
    } finally {
      await setupPage.close();
    }
  } finally {
    await fresh.stop();
    await blank.drop();
  }
});

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}
