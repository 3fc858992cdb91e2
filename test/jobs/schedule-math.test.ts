import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseDelaySeconds, nextDueAt } from '../../src/jobs/schedule-math.ts';

const settings = { intervalSeconds: 300, maxIntervalSeconds: 3600 };

const table: [failures: number, seconds: number][] = [
  [0, 300],
  [1, 600],
  [2, 1200],
  [3, 2400],
  [4, 3600],
  [10, 3600],
  [100, 3600],
];

for (const [failures, seconds] of table) {
  test(`after ${failures} consecutive failures the delay is ${seconds} s`, () => {
    assert.equal(baseDelaySeconds(failures, settings), seconds);
  });
}

test('a ceiling below the interval never shortens the interval', () => {
  assert.equal(baseDelaySeconds(3, { intervalSeconds: 600, maxIntervalSeconds: 60 }), 600);
});

test('jitter stays within ±10 % of the delay', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  const low = nextDueAt(now, 0, settings, () => 0).getTime() - now.getTime();
  const high = nextDueAt(now, 0, settings, () => 0.999999).getTime() - now.getTime();
  const middle = nextDueAt(now, 0, settings, () => 0.5).getTime() - now.getTime();
  assert.equal(low, 270_000);
  assert.ok(high > 329_000 && high <= 330_000);
  assert.equal(middle, 300_000);
});
