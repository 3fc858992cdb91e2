import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keywordFailure, type KeywordRules } from '../../src/conditions/keywords.ts';
import { slowResponseMessage } from '../../src/conditions/latency.ts';

describe('keywordFailure', () => {
  const body = 'status: ok, all systems operational';
  const cases: Array<[KeywordRules, boolean, string | undefined]> = [
    [{}, false, undefined],
    [{ present: 'operational' }, false, undefined],
    [{ present: 'Operational' }, false, 'keyword "Operational" not found'],
    [{ present: 'down' }, true, 'keyword "down" not found (in the part of the body read)'],
    [{ absent: 'error' }, false, undefined],
    [{ absent: 'ok' }, false, 'keyword "ok" found (expected absent)'],
    [{ present: 'ok', absent: 'systems' }, false, 'keyword "systems" found (expected absent)'],
    [{ present: '', absent: '' }, false, undefined],
  ];
  for (const [rules, truncated, expected] of cases) {
    test(`rules ${JSON.stringify(rules)} give ${expected === undefined ? 'no failure' : JSON.stringify(expected)}`, () => {
      assert.equal(keywordFailure(body, rules, truncated), expected);
    });
  }
});

describe('slowResponseMessage', () => {
  const cases: Array<[number, number | undefined, string | undefined]> = [
    [5000, undefined, undefined],
    [100, 200, undefined],
    [200, 200, undefined],
    [201, 200, 'slow response: 201 ms (degraded above 200 ms)'],
  ];
  for (const [latency, threshold, expected] of cases) {
    test(`${latency} ms against threshold ${threshold ?? 'none'} gives ${expected === undefined ? 'no warning' : 'a degraded message'}`, () => {
      assert.equal(slowResponseMessage(latency, threshold), expected);
    });
  }
});
