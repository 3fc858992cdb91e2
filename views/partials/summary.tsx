/**
 * Counts per status for the page's scope, each a link that filters by that status. Pushed with
 * every update; `data-server-now` lets public/live.js correct its clock for relative times.
 */
import { statuses, statusLabels, type Status } from '../../src/domain/status.ts';
import type { StatusCounts } from '../../src/realtime/page-views.ts';
import { StatusIcon } from '../components/status-icon.tsx';

export interface SummaryProps {
  counts: StatusCounts;
  now: Date;
  /** Builds the link of one count; absent → plain text (board). */
  hrefFor?: (status: Status) => string;
  /** The status filter in effect, marked as current. */
  active?: Status;
  oob?: boolean;
  /** The board hides statuses nobody has, to keep its header short. */
  hideZero?: boolean;
}

export function Summary({ counts, now, hrefFor, active, oob, hideZero }: SummaryProps) {
  const total = statuses.reduce((sum, status) => sum + counts[status], 0);
  return (
    <ul id="summary" class="summary" data-server-now={String(now.getTime())} hx-swap-oob={oob ? 'true' : undefined} aria-label="Integrations by status">
      <li class="count total">
        <strong>{total}</strong> total
      </li>
      {statuses
        .filter((status) => !hideZero || counts[status] > 0)
        .map((status) => {
          const body = (
            <>
              <span class="count-icon">
                <StatusIcon status={status} />
              </span>
              <strong>{counts[status]}</strong> {statusLabels[status].text}
            </>
          );
          return (
            <li class={`count s-${status}${counts[status] === 0 ? ' zero' : ''}`}>
              {hrefFor ? (
                <a href={hrefFor(status)} aria-current={active === status ? 'true' : undefined}>
                  {body}
                </a>
              ) : (
                body
              )}
            </li>
          );
        })}
    </ul>
  );
}
