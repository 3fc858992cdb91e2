/**
 * Status symbols as inline SVG (✓ ✕ ! ? ⏸ wrench), so they render the same on every machine —
 * a wall-screen browser may have no emoji or symbol font. Decorative: the status word is always
 * next to them (or in an aria-label).
 */
import type { Status } from '../../src/domain/status.ts';

const paths: Record<Status, string> = {
  up: 'M3.2 8.4 6.4 11.6 12.8 4.8',
  down: 'M4.5 4.5 11.5 11.5M11.5 4.5 4.5 11.5',
  degraded: 'M8 3.2V9M8 12.2V12.4',
  unknown: 'M5.6 6.1C5.6 4.7 6.7 3.7 8 3.7S10.4 4.6 10.4 5.9C10.4 7.6 8 7.6 8 9.6M8 12.2V12.4',
  paused: 'M6 4V12M10 4V12',
  maintenance: 'M10.8 3.4A2.8 2.8 0 0 0 7.6 7L3.6 11A1 1 0 0 0 5 12.4L9 8.4A2.8 2.8 0 0 0 12.6 5.2L11 6.8 9.2 5Z',
};

/** Defined once per page (in the layout); every icon is a small <use> of it. */
export function IconSprite() {
  return (
    <svg class="sprite" width="0" height="0" aria-hidden="true" focusable="false">
      {(Object.keys(paths) as Status[]).map((status) => (
        <symbol id={`i-${status}`} viewBox="0 0 16 16">
          <path d={paths[status]} />
        </symbol>
      ))}
    </svg>
  );
}

export function StatusIcon({ status }: { status: Status }) {
  return (
    <svg class="icon" aria-hidden="true">
      <use href={`#i-${status}`} />
    </svg>
  );
}
