/**
 * Alert channels declared in the file. Writes go straight through Prisma: the channel service
 * refuses to touch managed rows (that is the read-only rule for the UI and API), and a managed
 * update always writes the whole validated channel, so none of its merge logic is needed.
 * Validation is the channel kind's own schema (in schema.ts), as in the API.
 */
import type { AppContext } from '../context.ts';
import { joinSecrets, splitSecrets } from '../services/integration-secrets.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { AlertChannel } from '../store/types.ts';
import type { DesiredChannel } from './desired-state.ts';
import { planByName, type NamedChange, type NamedPlan } from './named-plan.ts';
import { sameJson } from './values.ts';

export async function loadChannelRows(app: Pick<AppContext, 'db'>, desired: readonly DesiredChannel[]): Promise<AlertChannel[]> {
  return app.db.prisma.alertChannel.findMany({
    where: { OR: [{ managedBy: { startsWith: 'file' } }, { name: { in: desired.map((item) => item.name) } }] },
  });
}

export function planChannels(desired: readonly DesiredChannel[], rows: readonly AlertChannel[], box: SecretBox, options: { owner: string; adoptExisting: boolean }): NamedPlan<DesiredChannel, AlertChannel> {
  return planByName(desired, rows, {
    section: 'channels',
    noun: 'alert channel',
    ...options,
    differs: (item, row) =>
      item.kind !== row.kind || item.enabled !== row.enabled || !sameJson(item.tags, row.tags) || !sameJson(item.config, joinSecrets(box, row)),
  });
}

export async function executeChannelChange(app: AppContext, change: NamedChange<DesiredChannel, AlertChannel>, owner: string): Promise<void> {
  if (change.action === 'delete') {
    await app.db.prisma.alertChannel.delete({ where: { id: change.current.id } });
    return;
  }
  const { config, secrets } = splitSecrets(change.desired.channelKind, change.desired.config);
  const data = {
    name: change.desired.name,
    kind: change.desired.kind,
    config: config as object,
    secrets: app.secrets.encryptJson(secrets),
    enabled: change.desired.enabled,
    tags: change.desired.tags,
    managedBy: owner,
  };
  if (change.action === 'create') await app.db.prisma.alertChannel.create({ data });
  else await app.db.prisma.alertChannel.update({ where: { id: change.current.id }, data });
}
