import type { BadgeStatus } from './types.ts';

/**
 * Severity from worst to best. `maintenance` ranks above `unknown` because planned work really
 * does take the service away from its users, which a reader of the badge should see; `unknown`
 * (never checked) ranks above `paused` because a paused integration is a deliberate choice that
 * says nothing about health, while an unchecked one might be broken.
 */
export const STATUS_SEVERITY: readonly BadgeStatus[] = ['down', 'degraded', 'maintenance', 'unknown', 'paused', 'up'];

const rank = new Map(STATUS_SEVERITY.map((status, index) => [status, index]));

/** The worst status of the lot; `unknown` when there are none (no information is not "up"). */
export function worstStatus(statuses: Iterable<BadgeStatus>): BadgeStatus {
  let worst: BadgeStatus | undefined;
  for (const status of statuses) {
    if (worst === undefined || (rank.get(status) ?? 0) < (rank.get(worst) ?? 0)) worst = status;
  }
  return worst ?? 'unknown';
}

/**
 * Status of a group badge (`all`, `tag/:tag`). Paused members are left out unless every member
 * is paused: pausing one of ten integrations on purpose should not repaint the whole group's
 * README badge as "paused". Returns undefined for an empty group so the caller can answer with
 * the same grey badge as for something that does not exist.
 */
export function aggregateStatus(statuses: Iterable<BadgeStatus>): BadgeStatus | undefined {
  const all = [...statuses];
  if (all.length === 0) return undefined;
  const active = all.filter((status) => status !== 'paused');
  return active.length === 0 ? 'paused' : worstStatus(active);
}
