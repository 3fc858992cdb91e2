/**
 * A time that keeps ticking: rendered as text now, then public/live.js rewrites the text every
 * second from `datetime` (mode "ago" → "12 s ago", mode "for" → "5 min").
 */
import { absoluteTime, duration, relativeTime } from '../format.ts';

export function RelativeTime({ at, now, mode = 'ago', empty = 'never' }: { at: Date | null; now: Date; mode?: 'ago' | 'for'; empty?: string }) {
  if (!at) return <span class="muted">{empty}</span>;
  return (
    <time datetime={at.toISOString()} data-rel={mode} title={absoluteTime(at)}>
      {mode === 'ago' ? relativeTime(at, now) : duration(at, now)}
    </time>
  );
}
