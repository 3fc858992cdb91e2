/**
 * First run: with no integrations at all, create `self`, an http check of this server's own
 * /healthz, so a new user sees a live row on the dashboard at once. Several instances starting
 * together race harmlessly: the slug is unique and the loser's insert is ignored.
 */
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { createIntegration } from './integrations.ts';

export async function ensureSelfIntegration(app: AppContext, healthUrl: string): Promise<void> {
  if ((await app.db.prisma.integration.count()) > 0) return;
  try {
    await createIntegration(app, {
      slug: 'self',
      name: 'self',
      kind: 'http',
      config: { url: healthUrl },
      tags: ['integration-health'],
      intervalSeconds: 60,
    });
    app.log.info({ url: healthUrl }, 'first run: created the "self" integration');
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
  }
}
