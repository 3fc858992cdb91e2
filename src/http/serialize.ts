/** JSON shapes of the API. Secrets never leave: only which secret fields are set. */
import { getCheckKind } from '../checks/registry.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { describeSecrets } from '../services/integration-secrets.ts';
import type { Integration } from '../store/types.ts';

export function integrationState(integration: Integration) {
  return {
    status: integration.status,
    since: integration.statusSince.toISOString(),
    lastCheckedAt: integration.lastCheckedAt?.toISOString() ?? null,
    latencyMs: integration.lastLatencyMs,
    message: integration.lastMessage,
    nextCheckAt: integration.nextCheckAt?.toISOString() ?? null,
    consecutiveFailures: integration.consecutiveFailures,
  };
}

export function integrationSummary(integration: Integration) {
  return {
    slug: integration.slug,
    name: integration.name,
    kind: integration.kind,
    tags: integration.tags,
    public: integration.isPublic,
    paused: integration.paused,
    managedBy: integration.managedBy,
    ...integrationState(integration),
  };
}

export function integrationDetail(integration: Integration, box: SecretBox) {
  const kind = getCheckKind(integration.kind);
  return {
    ...integrationSummary(integration),
    config: integration.config,
    secrets: kind ? describeSecrets(kind, box, integration.secrets) : {},
    intervalSeconds: integration.intervalSeconds,
    maxIntervalSeconds: integration.maxIntervalSeconds,
    timeoutMs: integration.timeoutMs,
    alertPolicy: integration.alertPolicy,
    createdAt: integration.createdAt.toISOString(),
    updatedAt: integration.updatedAt.toISOString(),
  };
}
