import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TLS_WARN_DAYS, tlsExpiryEvent } from '../../src/alerts/tls-expiry.ts';

/** Feeds days-remaining readings in order; returns the readings that produced a warning. */
function warningsFor(readings: number[], warnDays: readonly number[] = DEFAULT_TLS_WARN_DAYS): number[] {
  let lastWarned: number | null = null;
  const warned: number[] = [];
  for (const days of readings) {
    const decision = tlsExpiryEvent(days, warnDays, lastWarned);
    if (decision.warn) warned.push(days);
    lastWarned = decision.lastWarnedDays;
  }
  return warned;
}

describe('TLS expiry warnings', () => {
  test('a certificate counting down warns once at each threshold, not on every check', () => {
    assert.deepEqual(warningsFor([30, 20, 15, 14, 14, 13, 10, 7, 7, 6, 4, 3, 2, 1, 1, 0]), [14, 7, 3, 1]);
  });

  test('a first check close to expiry warns once, then again at the next threshold', () => {
    assert.deepEqual(warningsFor([2, 2, 1]), [2, 1]);
  });

  test('a renewed certificate resets the warnings for its own expiry', () => {
    assert.deepEqual(warningsFor([14, 7, 90, 60, 14, 7]), [14, 7, 14, 7]);
  });

  test('custom thresholds are respected', () => {
    assert.deepEqual(warningsFor([40, 30, 29, 5], [30, 5]), [30, 5]);
  });

  test('above every threshold nothing is due and nothing is remembered', () => {
    assert.deepEqual(tlsExpiryEvent(45, DEFAULT_TLS_WARN_DAYS, null), { warn: false, thresholdDays: null, lastWarnedDays: null });
  });
});
