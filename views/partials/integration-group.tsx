/**
 * A tag's section on the dashboard: heading with its own counts, and a table of rows. Every
 * group's table has the same fixed columns so rows line up across groups.
 */
import type { Tile } from '../../src/store/dashboard.ts';
import { countStatuses } from '../../src/realtime/page-views.ts';
import { statusLabels, statuses } from '../../src/domain/status.ts';
import { tagDomId } from '../format.ts';
import { StatusIcon } from '../components/status-icon.tsx';
import { IntegrationRow } from './integration-row.tsx';

export function groupLabel(tag: string): string {
  return tag === '' ? 'Untagged' : tag;
}

/** The heading alone is pushed when a member changes (its counts may change). */
export function GroupHeading({ tag, statusesInGroup, oob }: { tag: string; statusesInGroup: { status: (typeof statuses)[number] }[]; oob?: boolean }) {
  const counts = countStatuses(statusesInGroup);
  const notable = statuses.filter((status) => status !== 'up' && counts[status] > 0);
  return (
    <h2 id={`group-${tagDomId(tag)}-head`} class="group-head" hx-swap-oob={oob ? 'true' : undefined}>
      <span class="group-name">{groupLabel(tag)}</span>
      <span class="group-counts">
        {statusesInGroup.length} {statusesInGroup.length === 1 ? 'integration' : 'integrations'}
        {notable.map((status) => (
          <span class={`mini s-${status}`}>
            <StatusIcon status={status} /> {counts[status]} {statusLabels[status].text.toLowerCase()}
          </span>
        ))}
      </span>
    </h2>
  );
}

export function IntegrationGroup({ tag, tiles, now }: { tag: string; tiles: Tile[]; now: Date }) {
  const id = `group-${tagDomId(tag)}`;
  return (
    <section id={id} class="group" data-group={tag} aria-labelledby={`${id}-head`}>
      <GroupHeading tag={tag} statusesInGroup={tiles} />
      <table class="tiles">
        <colgroup>
          <col class="w-status" />
          <col class="w-name" />
          <col class="w-spark" />
          <col class="w-num" />
          <col class="w-num" />
          <col class="w-num w-30d" />
          <col class="w-time" />
          <col class="w-action" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Integration</th>
            <th scope="col" class="c-spark">Last 24 h</th>
            <th scope="col" class="c-num">Latency</th>
            <th scope="col" class="c-num">Uptime 24 h</th>
            <th scope="col" class="c-num c-30d">Uptime 30 d</th>
            <th scope="col">Last check</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody id={`${id}-rows`} data-sorted="rows">
          {tiles.map((tile) => (
            <IntegrationRow tile={tile} group={tag} now={now} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
