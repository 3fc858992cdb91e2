/**
 * Rows of the detail page's history tables; new ones are pushed live (prepended). `data-label`
 * names each cell where phones show the rows as cards (`.list-table`).
 */
import type { CheckRecord, StatusChangeRecord } from '../../src/store/integration-history.ts';
import { StatusPill } from '../components/status-pill.tsx';
import { RelativeTime } from '../components/relative-time.tsx';
import { formatLatency, shortTime } from '../format.ts';

export function CheckRow({ check, now }: { check: CheckRecord; now: Date }) {
  return (
    <tr>
      <td>
        <StatusPill status={check.status} />
      </td>
      <td data-label="When">
        <RelativeTime at={check.finishedAt} now={now} />
        <span class="sub">{shortTime(check.finishedAt, now)}</span>
      </td>
      <td class="c-num" data-label="Latency">
        {formatLatency(check.latencyMs)}
      </td>
      <td data-label="Trigger">{check.trigger}</td>
      <td class="c-message" data-label="Message">
        {check.message}
      </td>
    </tr>
  );
}

export function StatusChangeRow({ change, now }: { change: StatusChangeRecord; now: Date }) {
  return (
    <tr>
      <td>
        <StatusPill status={change.from} /> <span aria-label="to">→</span> <StatusPill status={change.to} />
      </td>
      <td data-label="When">
        <RelativeTime at={change.at} now={now} />
        <span class="sub">{shortTime(change.at, now)}</span>
      </td>
      <td class="c-message" data-label="Cause">
        {change.cause}
      </td>
    </tr>
  );
}
