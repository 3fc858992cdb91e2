/**
 * Carries out one planned integration change through the integration service (the same
 * validation, encryption and scheduling as the API), acting as the file's owner so the
 * read-only rule lets it through.
 */
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { createIntegration, deleteIntegration, hashPushToken, updateIntegration } from '../services/integrations.ts';
import type { DesiredIntegration } from './desired-state.ts';
import type { IntegrationChange } from './integration-plan.ts';

export async function executeIntegrationChange(app: AppContext, change: IntegrationChange, owner: string): Promise<void> {
  switch (change.action) {
    case 'create':
      return createManaged(app, change.desired, owner);
    case 'delete':
      return deleteIntegration(app, change.current.slug, { managedBy: change.current.managedBy });
    case 'replace':
      // Also for an adopted UI row of another kind: adoptExisting said the file wins.
      await deleteIntegration(app, change.current.slug, { managedBy: change.current.managedBy });
      return createManaged(app, change.desired, owner);
    case 'update': {
      const { current, desired } = change;
      const patched = Object.keys(change.patch).length > 0;
      if (change.setOwner) await app.db.prisma.integration.update({ where: { id: current.id }, data: { managedBy: owner } });
      if (patched) await updateIntegration(app, current.slug, change.patch, { managedBy: owner });
      if (change.pushTokenChanged && desired.pushToken !== undefined) await setPushToken(app, current.id, desired.pushToken);
      // updateIntegration announces its own change; an owner or token change needs one too.
      if (!patched) await app.publisher.publish({ type: 'integration.changed', integrationId: current.id, slug: current.slug, action: 'updated' });
      return;
    }
  }
}

async function createManaged(app: AppContext, item: DesiredIntegration, owner: string): Promise<void> {
  const { integration } = await createIntegration(
    app,
    {
      slug: item.slug,
      kind: item.kind,
      name: item.name,
      config: item.rawConfig,
      tags: item.tags,
      public: item.public,
      paused: item.paused,
      intervalSeconds: item.intervalSeconds,
      maxIntervalSeconds: item.maxIntervalSeconds,
      timeoutMs: item.timeoutMs,
      alertPolicy: item.alertPolicy,
    },
    { managedBy: owner },
  );
  // The service makes a random push token (shown once); a managed one uses the file's token.
  if (item.pushToken !== undefined) await setPushToken(app, integration.id, item.pushToken);
}

async function setPushToken(app: AppContext, integrationId: number, token: string): Promise<void> {
  try {
    await app.db.prisma.integration.update({ where: { id: integrationId }, data: { pushTokenHash: hashPushToken(token) } });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('conflict', 'push token already in use', { issues: [{ path: ['pushToken'], message: 'is already used by another integration' }] });
    }
    throw error;
  }
}
