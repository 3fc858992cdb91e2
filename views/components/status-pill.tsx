/** A status as icon + word + colour together, so it never depends on colour alone. */
import { statusLabels, type Status } from '../../src/domain/status.ts';
import { StatusIcon } from './status-icon.tsx';

export function StatusPill({ status }: { status: Status }) {
  const label = statusLabels[status];
  return (
    <span class={`pill s-${status}`}>
      <span class="pill-icon">
        <StatusIcon status={status} />
      </span>
      <span class="pill-text">{label.text}</span>
    </span>
  );
}
