import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addEncoded,
  addEncodedText,
  addLatency,
  bucketBounds,
  bucketIndex,
  bucketValue,
  decodeHistogram,
  encodeHistogram,
  estimatePercentile,
  exactPercentile,
  gamma,
  maxBucketIndex,
  mergeHistograms,
  totalCount,
} from '../../src/analytics/histogram.ts';
import { generateLatencies, latencyShapes } from './generators.ts';

const histogramOf = (values: readonly number[]) => {
  const histogram: number[] = [];
  for (const value of values) addLatency(histogram, value);
  return histogram;
};

describe('bucket layout', () => {
  const cases: [number, number][] = [
    [0, 0],
    [0.4, 0],
    [-3, 0],
    [Number.NaN, 0],
    [1, 1],
    [1.019, 1],
    [1.03, 2],
    [2, 36],
    [100, 233],
    [120_000, 591],
    [1e12, maxBucketIndex],
  ];
  for (const [latency, index] of cases) {
    test(`${latency} ms falls in bucket ${index}`, () => {
      assert.equal(bucketIndex(latency), index);
    });
  }

  test('every bucket is γ = 1.02 times as wide as it is high at its lower end', () => {
    for (const index of [1, 10, 200, 591]) {
      const [lower, upper] = bucketBounds(index);
      assert.ok(Math.abs(upper / lower - gamma) < 1e-9);
      assert.equal(bucketIndex((lower + upper) / 2), index);
    }
  });

  test('0..120,000 ms (the longest timeout) needs 592 buckets', () => {
    assert.equal(bucketIndex(120_000) + 1, 592);
  });

  test('the value reported for a bucket is within 1 % of every whole number it holds', () => {
    for (let latency = 1; latency <= 130_000; latency += latency < 1000 ? 1 : 97) {
      const estimate = bucketValue(bucketIndex(latency));
      assert.ok(Math.abs(estimate - latency) / latency <= 0.01, `${latency} ms → ${estimate}`);
    }
  });

  test('below ~50 ms a bucket holds one whole number, so small latencies are exact', () => {
    for (let latency = 0; latency <= 49; latency += 1) assert.equal(bucketValue(bucketIndex(latency)), latency);
  });
});

describe('stored form and merging', () => {
  const cases: [string, number[], number[]][] = [
    ['empty', [], []],
    ['all zero', [0, 0, 0], []],
    ['leading zeros trimmed into an offset', [0, 0, 3, 0, 1], [2, 3, -1, 1]],
    ['trailing zeros dropped', [5, 0, 0], [0, 5]],
    ['runs of empty buckets become negative numbers', [0, 1, 0, 0, 0, 2, 7, 0, 0, 1], [1, 1, -3, 2, 7, -2, 1]],
  ];
  for (const [name, dense, stored] of cases) {
    test(`encodes ${name}`, () => {
      assert.deepEqual(encodeHistogram(dense), stored);
      assert.deepEqual(encodeHistogram(decodeHistogram(stored)), stored);
    });
  }

  test('the stored form of an hour of minutely checks is much shorter than the dense span', () => {
    const dense = histogramOf(generateLatencies('lognormal around 150 ms', 60, 3));
    const first = dense.findIndex((count) => count > 0);
    const stored = encodeHistogram(dense);
    assert.ok(stored.length < (dense.length - first) * 0.75, `${stored.length} vs ${dense.length - first}`);
  });

  test('merging two histograms equals the histogram of both sets of values', () => {
    const a = generateLatencies('lognormal around 150 ms', 500, 1);
    const b = generateLatencies('bimodal 40 ms cache hits / 900 ms misses', 700, 2);
    const merged = mergeHistograms(histogramOf(a), histogramOf(b));
    assert.deepEqual(encodeHistogram(merged), encodeHistogram(histogramOf([...a, ...b])));
    const viaStored = addEncoded(addEncoded([], encodeHistogram(histogramOf(a))), encodeHistogram(histogramOf(b)));
    assert.deepEqual(encodeHistogram(viaStored), encodeHistogram(merged));
    assert.equal(totalCount(merged), 1200);
  });
});

describe('percentile estimates against the exact nearest-rank percentile', () => {
  test('an empty histogram has no percentile', () => {
    assert.equal(estimatePercentile([], 50), null);
  });

  test('one value is exact at every percentile', () => {
    for (const p of [0, 50, 99, 100]) assert.equal(estimatePercentile(histogramOf([1234]), p, { min: 1234, max: 1234 }), 1234);
  });

  test('nearest rank: P50 of 1..4 is 2 and P51 is 3', () => {
    assert.equal(exactPercentile([4, 1, 3, 2], 50), 2);
    assert.equal(exactPercentile([4, 1, 3, 2], 51), 3);
  });

  for (const shape of Object.keys(latencyShapes)) {
    for (const count of [1, 7, 100, 20_000]) {
      test(`${shape}, ${count} values: P1…P99.9 within 2 % relative error`, () => {
        const values = generateLatencies(shape, count, count);
        const histogram = histogramOf(values);
        const bounds = { min: Math.min(...values), max: Math.max(...values) };
        for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]) {
          const exact = exactPercentile(values, p)!;
          const estimate = estimatePercentile(histogram, p, bounds)!;
          const error = exact === 0 ? estimate : Math.abs(estimate - exact) / exact;
          assert.ok(error <= 0.02, `P${p}: exact ${exact}, estimate ${estimate}, error ${(error * 100).toFixed(2)} %`);
        }
      });
    }
  }
});

describe('stored form as PostgreSQL array text', () => {
  const cases: [string, string, number[]][] = [
    ['empty', '{}', []],
    ['one bucket', '{5,3}', [0, 0, 0, 0, 0, 3]],
    ['a run of empty buckets and multi-digit numbers', '{2,10,-1,1234}', [0, 0, 10, 0, 1234]],
    ['a long run of empty buckets', '{0,1,-12,3}', [1, ...Array(12).fill(0), 3]],
  ];
  for (const [name, text, dense] of cases) {
    test(`adds ${name} like the array form does`, () => {
      assert.deepEqual(addEncodedText([], text), dense);
      assert.deepEqual(addEncodedText([1], text).length, Math.max(1, dense.length));
    });
  }

  test('text and array forms of a generated histogram add up the same', () => {
    const stored = encodeHistogram(histogramOf(generateLatencies('lognormal around 150 ms', 2000, 9)));
    assert.deepEqual(addEncodedText([], `{${stored.join(',')}}`), decodeHistogram(stored));
  });
});
