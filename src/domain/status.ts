/** The statuses an integration can have, and the one order used everywhere "worst first". */
export const statuses = ['down', 'degraded', 'maintenance', 'unknown', 'paused', 'up'] as const;

export type Status = (typeof statuses)[number];

const rank = new Map<Status, number>(statuses.map((status, index) => [status, index]));

/** Negative when `a` is worse than `b` (sorts worst first). */
export function compareSeverity(a: Status, b: Status): number {
  return (rank.get(a) ?? 99) - (rank.get(b) ?? 99);
}

export function worstStatus(list: Iterable<Status>): Status | undefined {
  let worst: Status | undefined;
  for (const status of list) if (worst === undefined || compareSeverity(status, worst) < 0) worst = status;
  return worst;
}

/** Text + symbol for every status, so status is never told by colour alone. */
export const statusLabels: Record<Status, { text: string; icon: string }> = {
  up: { text: 'Up', icon: '✓' },
  degraded: { text: 'Degraded', icon: '!' },
  down: { text: 'Down', icon: '✕' },
  unknown: { text: 'Unknown', icon: '?' },
  paused: { text: 'Paused', icon: '⏸' },
  maintenance: { text: 'Maintenance', icon: '⚒' },
};
