/**
 * Daily uptime for the last 90 days as bars (oldest left). Each bar has a <title> with the day
 * and percentage, and the whole chart a text summary, so nothing depends on colour or hover.
 */
import { formatUptime } from '../format.ts';

export interface DayUptime {
  day: Date;
  ratio: number | null;
}

const barWidth = 6;
const gap = 2;
const height = 32;

function bucket(ratio: number | null): string {
  if (ratio === null) return 'none';
  if (ratio >= 0.999) return 'up';
  if (ratio >= 0.99) return 'ok';
  if (ratio >= 0.95) return 'degraded';
  return 'down';
}

export function UptimeBars({ days }: { days: DayUptime[] }) {
  const width = days.length * (barWidth + gap) - gap;
  const known = days.filter((day) => day.ratio !== null);
  const worst = known.reduce<DayUptime | undefined>((min, day) => (min === undefined || (day.ratio ?? 1) < (min.ratio ?? 1) ? day : min), undefined);
  const summary = known.length
    ? `${known.length} ${known.length === 1 ? 'day' : 'days'} with data; lowest ${formatUptime(worst?.ratio)} on ${worst?.day.toISOString().slice(0, 10)}`
    : 'No data in the last 90 days';
  return (
    <figure class="uptime-bars">
      <svg viewBox={`0 0 ${Math.max(width, 1)} ${height}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        {days.map((day, index) => (
          <rect x={index * (barWidth + gap)} y={0} width={barWidth} height={height} rx={1.5} class={`ub-${bucket(day.ratio)}`}>
            <title>
              {day.day.toISOString().slice(0, 10)}: {day.ratio === null ? 'no data' : formatUptime(day.ratio)}
            </title>
          </rect>
        ))}
      </svg>
      <figcaption>
        <span>{days.length} days ago</span>
        <span>{summary}</span>
        <span>today</span>
      </figcaption>
    </figure>
  );
}
