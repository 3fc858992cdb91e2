/**
 * Real server processes (dist/main.js, as `npm start` runs it) on a fresh database per spec,
 * plus the small admin API client the specs use to set things up.
 */
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../test/helpers/process.ts';
import type { Page } from '@playwright/test';

export const adminToken = 'e2e-admin-token-0123456789abcdefghij';
export const adminEmail = 'admin@example.com';
export const adminPassword = 'e2e-correct-horse-battery';
const secretKey = 'e2e-secret-key-0123456789abcdefghijklmnopqrstuv';

export interface Instance {
  url: string;
  port: number;
  process: ServerProcess;
  /** Graceful stop (SIGTERM), as an operator would. */
  stop(): Promise<void>;
  /** Starts the same instance again on the same port and database. */
  restart(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  return createTestDatabase('ih_e2e');
}

export async function startInstance(database: TestDatabase, options: { role?: 'all' | 'web' | 'worker'; env?: Record<string, string> } = {}): Promise<Instance> {
  const port = await freePort();
  const env = {
    DATABASE_URL: database.url,
    SECRET_KEY: secretKey,
    ADMIN_TOKEN: adminToken,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    ROLE: options.role ?? 'all',
    PORT: String(port),
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    SHUTDOWN_TIMEOUT_MS: '3000',
    ...options.env,
  };
  const instance: Instance = {
    url: `http://127.0.0.1:${port}`,
    port,
    process: await startServerProcess(env),
    async stop() {
      await instance.process.stop('SIGTERM');
    },
    async restart() {
      instance.process = await startServerProcess(env);
    },
  };
  return instance;
}

/** Admin API calls with the ADMIN_TOKEN (setup only; the browser signs in like a person). */
export async function adminApi<T = any>(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function createIntegration(baseUrl: string, input: Record<string, unknown>): Promise<{ slug: string; pushUrl?: string }> {
  const created = await adminApi(baseUrl, 'POST', '/api/v1/integrations', input);
  if (created.status !== 201) throw new Error(`could not create ${JSON.stringify(input)}: ${JSON.stringify(created.body)}`);
  return { slug: created.body.integration.slug, pushUrl: created.body.pushUrl };
}

export async function signIn(page: Page, baseUrl: string, next = '/integrations/health'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(adminEmail);
  await page.getByLabel('Password').fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

export async function waitUntil<T>(condition: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
