/** Rows of the detail page's history tables; new ones are pushed live (prepended). */
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
      <td>
        <RelativeTime at={check.finishedAt} now={now} />
        <span class="sub">{shortTime(check.finishedAt, now)}</span>
      </td>
      <td class="c-num">{formatLatency(check.latencyMs)}</td>
      <td>{check.trigger}</td>
      <td class="c-message">{check.message}</td>
    </tr>
  );
}

export function StatusChangeRow({ change, now }: { change: StatusChangeRecord; now: Date }) {
  return (
    <tr>
      <td>
        <StatusPill status={change.from} /> <span aria-label="to">→</span> <StatusPill status={change.to} />
      </td>
      <td>
        <RelativeTime at={change.at} now={now} />
        <span class="sub">{shortTime(change.at, now)}</span>
      </td>
      <td class="c-message">{change.cause}</td>
    </tr>
  );
}
