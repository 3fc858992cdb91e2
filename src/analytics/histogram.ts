/**
 * Mergeable log-scale latency histogram.
 *
 * Bucket 0 holds latencies below 1 ms; bucket i ≥ 1 holds [γ^(i-1), γ^i) ms with γ = 1.02, so
 * every bucket is 2 % wide and its representative value is within (γ-1)/(γ+1) ≈ 0.99 % of any
 * latency inside it. 0..120,000 ms (the longest check timeout) needs buckets 0..591. Two
 * histograms merge by adding counts bucket by bucket, which is what lets hourly rows become
 * daily rows and any window's P50/P95/P99 come from rollups.
 *
 * Stored form (`histogram INTEGER[]` in the rollup tables): `[first, …]` — the index of the first
 * non-empty bucket, then the counts up to the last non-empty one, where a negative number −k
 * stands for k empty buckets; `[]` when empty. An hour of minutely checks spreads ~60 results
 * over ~140 buckets, mostly 0 or 1, so the runs of zeros roughly halve the rows that are kept forever.
 * In memory: a dense `number[]` of counts indexed by bucket.
 */
export const gamma = 1.02;
const logGamma = Math.log(gamma);

/** Latencies of 10^9 ms (11.6 days) and above share the last bucket. */
export const maxBucketIndex = 1 + Math.floor(Math.log(1e9) / logGamma);

export type DenseHistogram = number[];

export function bucketIndex(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  return Math.min(maxBucketIndex, 1 + Math.floor(Math.log(latencyMs) / logGamma));
}

/** [lower, upper) bounds in ms of bucket `index`. */
export function bucketBounds(index: number): [number, number] {
  if (index <= 0) return [0, 1];
  return [gamma ** (index - 1), gamma ** index];
}

export function addLatency(histogram: DenseHistogram, latencyMs: number, count = 1): void {
  const index = bucketIndex(latencyMs);
  while (histogram.length <= index) histogram.push(0);
  histogram[index]! += count;
}

export function mergeHistograms(target: DenseHistogram, source: readonly number[]): DenseHistogram {
  while (target.length < source.length) target.push(0);
  for (let index = 0; index < source.length; index += 1) target[index]! += source[index]!;
  return target;
}

/** Dense → stored form `[first, counts…]` with runs of empty buckets as negative numbers. */
export function encodeHistogram(histogram: readonly number[]): number[] {
  let first = 0;
  while (first < histogram.length && !histogram[first]) first += 1;
  if (first === histogram.length) return [];
  let last = histogram.length - 1;
  while (!histogram[last]) last -= 1;
  const encoded = [first];
  let zeros = 0;
  for (let index = first; index <= last; index += 1) {
    const count = histogram[index]!;
    if (count === 0) {
      zeros += 1;
      continue;
    }
    if (zeros > 0) encoded.push(-zeros);
    zeros = 0;
    encoded.push(count);
  }
  return encoded;
}

/** Adds a stored-form histogram into a dense one (no intermediate array). */
export function addEncoded(target: DenseHistogram, encoded: readonly number[]): DenseHistogram {
  if (encoded.length < 2) return target;
  let index = encoded[0]!;
  for (let position = 1; position < encoded.length; position += 1) {
    const value = encoded[position]!;
    if (value < 0) {
      index -= value;
      continue;
    }
    while (target.length <= index) target.push(0);
    target[index]! += value;
    index += 1;
  }
  return target;
}

/**
 * Adds a stored-form histogram given as PostgreSQL array text (`{first,c1,c2,…}`) into a dense
 * one. Reading `histogram::text` and scanning it here is several times faster than the pg
 * driver's generic array parser, which matters when a window merges thousands of rows.
 */
export function addEncodedText(target: DenseHistogram, text: string): DenseHistogram {
  let index = -1;
  let value = 0;
  let negative = false;
  let digits = false;
  for (let position = 1; position < text.length; position += 1) {
    const code = text.charCodeAt(position);
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits = true;
      continue;
    }
    if (code === 45) {
      negative = true;
      continue;
    }
    if (!digits) continue;
    if (index < 0) index = value;
    else if (negative) index += value;
    else {
      while (target.length <= index) target.push(0);
      target[index]! += value;
      index += 1;
    }
    value = 0;
    negative = false;
    digits = false;
  }
  return target;
}

export function decodeHistogram(encoded: readonly number[]): DenseHistogram {
  return addEncoded([], encoded);
}

export function totalCount(histogram: readonly number[]): number {
  let total = 0;
  for (const count of histogram) total += count;
  return total;
}

/**
 * The value reported for a bucket: the harmonic midpoint 2ab/(a+b), which minimises the worst
 * relative error over [a, b). Latencies are whole milliseconds, so it is then pulled into the
 * whole numbers the bucket can hold (below ~50 ms a bucket holds at most one, which is then exact).
 */
export function bucketValue(index: number): number {
  if (index <= 0) return 0;
  const [lower, upper] = bucketBounds(index);
  const midpoint = (2 * lower * upper) / (lower + upper);
  const [firstWhole, lastWhole] = wholeNumbersIn(index);
  return firstWhole <= lastWhole ? Math.min(lastWhole, Math.max(firstWhole, midpoint)) : midpoint;
}

/** The smallest and largest whole number whose bucket is `index` (first > last when none). */
function wholeNumbersIn(index: number): [number, number] {
  const [lower, upper] = bucketBounds(index);
  // Start from the arithmetic bounds and correct by asking bucketIndex itself, so rounding at
  // exact powers of γ can never disagree with how values were counted.
  let first = Math.ceil(lower);
  while (bucketIndex(first) < index) first += 1;
  while (first > 1 && bucketIndex(first - 1) === index) first -= 1;
  let last = Math.ceil(upper) - 1;
  while (last >= first && bucketIndex(last) > index) last -= 1;
  while (bucketIndex(last + 1) === index) last += 1;
  return [first, last];
}

/**
 * Nearest-rank percentile (the smallest value with at least p % of values at or below it — what
 * PostgreSQL's percentile_disc returns), estimated from the histogram. `min`/`max` (exact, kept
 * beside the histogram) clamp the estimate, which makes P0/P100 and single-value windows exact.
 */
export function estimatePercentile(histogram: readonly number[], percentile: number, bounds: { min?: number | null; max?: number | null } = {}): number | null {
  const total = totalCount(histogram);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * total));
  let seen = 0;
  for (let index = 0; index < histogram.length; index += 1) {
    seen += histogram[index]!;
    if (seen >= rank) {
      // The lowest and highest ranks are the exact min and max when those are known.
      if (rank === 1 && bounds.min !== undefined && bounds.min !== null) return bounds.min;
      if (rank === total && bounds.max !== undefined && bounds.max !== null) return bounds.max;
      let value = bucketValue(index);
      if (bounds.min !== undefined && bounds.min !== null) value = Math.max(value, bounds.min);
      if (bounds.max !== undefined && bounds.max !== null) value = Math.min(value, bounds.max);
      return Math.round(value * 10) / 10;
    }
  }
  return null;
}

/** Exact nearest-rank percentile over raw values: the reference the estimate is tested against. */
export function exactPercentile(values: readonly number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1]!;
}
