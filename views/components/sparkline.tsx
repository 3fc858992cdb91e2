/**
 * 24 hourly bars as one small server-rendered SVG: height = that hour's median latency relative
 * to the day's highest, colour class = the worst status seen that hour, plus a text summary for
 * screen readers (and as a tooltip). One <path> per colour keeps it to a few hundred bytes.
 */
import type { SparkPoint } from '../../src/analytics/types.ts';
import { formatLatency } from '../format.ts';

const width = 96;
const height = 24;
const step = width / 24;

type Bucket = 'up' | 'degraded' | 'down';

export function Sparkline({ points }: { points: SparkPoint[] }) {
  const last24 = points.slice(-24);
  const max = Math.max(1, ...last24.map((point) => point.p50 ?? 0));
  const paths: Record<Bucket, string[]> = { up: [], degraded: [], down: [] };
  const offset = 24 - last24.length;
  last24.forEach((point, index) => {
    if (!point.worst) return;
    const x = (offset + index) * step + step / 2;
    // Failing hours stand full height so they catch the eye; others scale with their median.
    // Each bar is one stroked vertical line (CSS sets its width): ~10 bytes a bar.
    const h = point.worst === 'down' ? height : Math.max(4, Math.round(((point.p50 ?? 0) / max) * (height - 2)) + 2);
    paths[point.worst].push(`M${x} ${height}v-${h}`);
  });
  // Hours without data show as the dashed baseline alone (one path, not 24 stubs: rows stay small).
  return (
    <svg class="spark" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img">
      <title>{describe(last24)}</title>
      <path class="sp-base" d={`M0 ${height - 1}h${width}`} />
      {(Object.keys(paths) as Bucket[]).map((bucket) => (paths[bucket].length ? <path class={`sp-${bucket}`} d={paths[bucket].join('')} /> : null))}
    </svg>
  );
}

function describe(points: SparkPoint[]): string {
  const hours = { up: 0, degraded: 0, down: 0 };
  const medians: number[] = [];
  for (const point of points) {
    if (point.worst) hours[point.worst] += 1;
    if (point.p50 !== null) medians.push(point.p50);
  }
  if (hours.up + hours.degraded + hours.down === 0) return 'Last 24 h: no checks';
  const parts = [`${hours.up} h up`];
  if (hours.degraded) parts.push(`${hours.degraded} h degraded`);
  if (hours.down) parts.push(`${hours.down} h with failures`);
  medians.sort((a, b) => a - b);
  const median = medians.length ? medians[Math.floor(medians.length / 2)] : null;
  return `Last 24 h: ${parts.join(', ')}; typical latency ${formatLatency(median)}`;
}
