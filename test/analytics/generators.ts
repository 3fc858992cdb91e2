/** Seeded latency generators of several shapes, for percentile accuracy tests and the benchmark. */

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const whole = (value: number) => Math.max(0, Math.round(value));

export const latencyShapes: Record<string, (random: () => number) => number> = {
  'uniform 20-2000 ms': (random) => whole(20 + random() * 1980),
  'lognormal around 150 ms': (random) => whole(Math.exp(Math.log(150) + 0.6 * normal(random))),
  'bimodal 40 ms cache hits / 900 ms misses': (random) => whole(random() < 0.7 ? 40 + 5 * normal(random) : 900 + 80 * normal(random)),
  'constant 250 ms': () => 250,
  'heavy tail (Pareto, alpha 1.2, from 30 ms)': (random) => whole(Math.min(120_000, 30 / Math.pow(1 - random(), 1 / 1.2))),
  'tiny values 0-12 ms': (random) => Math.floor(random() * 13),
};

export function generateLatencies(shape: string, count: number, seed = 42): number[] {
  const generate = latencyShapes[shape];
  if (!generate) throw new Error(`unknown shape ${shape}`);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => generate(random));
}
