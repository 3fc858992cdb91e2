/** UTC hour and day arithmetic on epoch milliseconds (rollup buckets are UTC hours and days). */
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

export const floorTo = (at: number, unitMs: number): number => Math.floor(at / unitMs) * unitMs;
export const ceilTo = (at: number, unitMs: number): number => Math.ceil(at / unitMs) * unitMs;

/** The boundaries from..to cut at every multiple of `unitMs` in between (both ends included). */
export function boundaries(from: number, to: number, unitMs: number): number[] {
  const cuts = [from];
  for (let at = floorTo(from, unitMs) + unitMs; at < to; at += unitMs) cuts.push(at);
  if (to > from) cuts.push(to);
  return cuts;
}
