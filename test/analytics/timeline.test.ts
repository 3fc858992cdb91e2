import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateSpans, initialState, stateFromCarry, type TimelineEvent, type TimelineState } from '../../src/analytics/timeline.ts';
import { uptimeRatio } from '../../src/analytics/aggregate.ts';
import type { Status } from '../../src/domain/status.ts';

const minute = 60_000;
const result = (atMinute: number, status: Status, latencyMs: number | null = 10): TimelineEvent => ({ at: atMinute * minute, kind: 'result', status, latencyMs });
const change = (atMinute: number, status: Status): TimelineEvent => ({ at: atMinute * minute, kind: 'change', status });
const secondsOf = (start: TimelineState, events: TimelineEvent[], fromMinute: number, toMinute: number) => {
  const [aggregate] = aggregateSpans(start, events, [fromMinute * minute, toMinute * minute]);
  return {
    up: aggregate!.secondsUp / 60,
    degraded: aggregate!.secondsDegraded / 60,
    down: aggregate!.secondsDown / 60,
    excluded: aggregate!.secondsExcluded / 60,
  };
};

describe('time-weighted minutes per status over [0, 60) minutes', () => {
  const up = stateFromCarry({ result: { at: -5 * minute, status: 'up' } });
  const cases: { name: string; start: TimelineState; events: TimelineEvent[]; expected: { up: number; degraded: number; down: number; excluded: number } }[] = [
    { name: 'nothing known: nothing counted', start: initialState, events: [], expected: { up: 0, degraded: 0, down: 0, excluded: 0 } },
    { name: 'a status from before the range holds through it', start: up, events: [], expected: { up: 60, degraded: 0, down: 0, excluded: 0 } },
    { name: 'time before the first result is not counted', start: initialState, events: [result(15, 'down')], expected: { up: 0, degraded: 0, down: 45, excluded: 0 } },
    { name: 'each status holds until the next result', start: up, events: [result(10, 'down'), result(20, 'degraded'), result(50, 'up')], expected: { up: 20, degraded: 30, down: 10, excluded: 0 } },
    { name: 'paused time is excluded until the next status change', start: up, events: [change(10, 'paused'), change(40, 'unknown'), result(45, 'up')], expected: { up: 25, degraded: 0, down: 0, excluded: 35 } },
    { name: 'maintenance lasts through results until the next change', start: up, events: [change(10, 'maintenance'), result(20, 'down'), change(30, 'down')], expected: { up: 10, degraded: 0, down: 30, excluded: 20 } },
    { name: 'unknown after a resume lasts until the next result', start: up, events: [change(0, 'unknown'), result(5, 'down')], expected: { up: 0, degraded: 0, down: 55, excluded: 5 } },
    { name: 'a result stored with a core status (e.g. maintenance) is excluded until the next result', start: up, events: [result(30, 'maintenance'), result(40, 'up')], expected: { up: 50, degraded: 0, down: 0, excluded: 10 } },
    { name: 'events before the range advance the state without counting', start: initialState, events: [result(-30, 'down'), result(-10, 'degraded')], expected: { up: 0, degraded: 60, down: 0, excluded: 0 } },
    { name: 'events at the range end belong to the next range', start: up, events: [result(60, 'down')], expected: { up: 60, degraded: 0, down: 0, excluded: 0 } },
  ];
  for (const { name, start, events, expected } of cases) {
    test(name, () => assert.deepEqual(secondsOf(start, events, 0, 60), expected));
  }
});

describe('the state carried into a range', () => {
  const cases: { name: string; carry: Parameters<typeof stateFromCarry>[0]; effective: string | null }[] = [
    { name: 'no history', carry: {}, effective: null },
    { name: 'last result only', carry: { result: { at: 0, status: 'degraded' } }, effective: 'degraded' },
    { name: 'paused after the last result', carry: { result: { at: 0, status: 'up' }, change: { at: 5, status: 'paused' } }, effective: 'paused' },
    { name: 'resumed, not yet checked', carry: { result: { at: 0, status: 'up' }, change: { at: 5, status: 'unknown' } }, effective: 'unknown' },
    { name: 'resumed and checked since', carry: { result: { at: 9, status: 'down' }, change: { at: 5, status: 'unknown' } }, effective: 'down' },
    { name: 'a change made by the last result itself', carry: { result: { at: 9, status: 'down' }, change: { at: 9, status: 'down' } }, effective: 'down' },
  ];
  for (const { name, carry, effective } of cases) {
    test(name, () => {
      const state = stateFromCarry(carry);
      assert.equal(state.overlay ?? state.lastResult, effective);
    });
  }
});

describe('splitting into hours', () => {
  test('a status crossing an hour boundary is split between the hours', () => {
    const hours = aggregateSpans(initialState, [result(30, 'down'), result(90, 'up')], [0, 60 * minute, 120 * minute]);
    assert.deepEqual(hours.map((hour) => [hour.secondsDown / 60, hour.secondsUp / 60]), [[30, 0], [30, 30]]);
  });

  test('counts and latency go to the hour of the result; down results add no latency', () => {
    const hours = aggregateSpans(initialState, [result(10, 'up', 100), result(20, 'down', 5000), result(70, 'degraded', 300)], [0, 60 * minute, 120 * minute]);
    assert.deepEqual(hours.map((hour) => [hour.countUp, hour.countDown, hour.countDegraded, hour.latencyCount, hour.latencyMax]), [[1, 1, 0, 1, 100], [0, 0, 1, 1, 300]]);
  });

  test('uptime counts degraded as working and ignores excluded time', () => {
    const [aggregate] = aggregateSpans(stateFromCarry({ result: { at: -1, status: 'up' } }), [result(15, 'degraded'), result(30, 'down'), change(45, 'paused')], [0, 60 * minute]);
    assert.equal(uptimeRatio(aggregate!), 30 / 45);
  });
});
