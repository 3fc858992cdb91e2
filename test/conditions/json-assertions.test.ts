import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluateJsonAssertion,
  failedJsonAssertions,
  formatValue,
  looselyEquals,
  type JsonAssertion,
} from '../../src/conditions/json-assertions.ts';

const doc = {
  status: 'ok',
  code: 200,
  healthy: true,
  latency: '42',
  tags: ['eu', 'primary'],
  meta: { region: 'eu-west', nothing: null },
  message: 'all systems operational',
};

describe('evaluateJsonAssertion', () => {
  const cases: Array<[JsonAssertion, string | null]> = [
    [{ path: '$.status', op: 'equals', value: 'ok' }, null],
    [{ path: '$.status', op: 'equals', value: 'fail' }, '$.status: expected "fail", got "ok"'],
    [{ path: '$.code', op: 'equals', value: '200' }, null],
    [{ path: '$.code', op: 'equals', value: 200 }, null],
    [{ path: '$.healthy', op: 'equals', value: true }, null],
    [{ path: '$.healthy', op: 'equals', value: 'true' }, null],
    [{ path: '$.meta.nothing', op: 'equals', value: null }, null],
    [{ path: '$.meta.nothing', op: 'equals', value: 'null' }, '$.meta.nothing: expected "null", got null'],
    [{ path: '$.missing', op: 'equals', value: 'x' }, '$.missing: not found'],
    [{ path: '$.message', op: 'contains', value: 'operational' }, null],
    [{ path: '$.message', op: 'contains', value: 'outage' }, '$.message: expected to contain "outage", got "all systems operational"'],
    [{ path: '$.tags', op: 'contains', value: 'primary' }, null],
    [{ path: '$.tags', op: 'contains', value: 'us' }, '$.tags: expected to contain "us", got ["eu","primary"]'],
    [{ path: '$.meta', op: 'contains', value: 'region' }, null],
    [{ path: '$.code', op: 'contains', value: 2 }, '$.code: expected to contain 2, got 200'],
    [{ path: '$.meta.region', op: 'exists' }, null],
    [{ path: '$.meta.nothing', op: 'exists' }, null],
    [{ path: '$.meta.zone', op: 'exists' }, '$.meta.zone: not found'],
    [{ path: '$.meta.zone', op: 'exists', value: false }, null],
    [{ path: '$.meta.region', op: 'exists', value: false }, '$.meta.region: expected to be absent, got "eu-west"'],
    [{ path: '$.code', op: 'lessThan', value: 300 }, null],
    [{ path: '$.code', op: 'lessThan', value: 200 }, '$.code: expected less than 200, got 200'],
    [{ path: '$.latency', op: 'lessThan', value: '100' }, null],
    [{ path: '$.code', op: 'greaterThan', value: 199 }, null],
    [{ path: '$.code', op: 'greaterThan', value: 200 }, '$.code: expected greater than 200, got 200'],
    [{ path: '$.status', op: 'greaterThan', value: 1 }, '$.status: expected a number greater than 1, got "ok"'],
    [{ path: '$.code', op: 'lessThan', value: 'many' }, '$.code: less than needs a numeric value, got "many"'],
    [{ path: 'status', op: 'equals', value: 'ok' }, 'status: invalid path (path must start with "$" (got "status"))'],
  ];
  for (const [assertion, failure] of cases) {
    const label = `${assertion.path} ${assertion.op} ${formatValue(assertion.value)}`;
    test(`${label} ${failure === null ? 'passes' : 'fails with a message naming the difference'}`, () => {
      const verdict = evaluateJsonAssertion(doc, assertion);
      assert.deepEqual(verdict, failure === null ? { ok: true } : { ok: false, message: failure });
    });
  }

  test('failedJsonAssertions lists every failure in order and nothing for passes', () => {
    const failures = failedJsonAssertions(doc, [
      { path: '$.status', op: 'equals', value: 'ok' },
      { path: '$.code', op: 'equals', value: 500 },
      { path: '$.gone', op: 'exists' },
    ]);
    assert.deepEqual(failures, ['$.code: expected 500, got 200', '$.gone: not found']);
  });
});

describe('looselyEquals and formatValue', () => {
  const equality: Array<[unknown, unknown, boolean]> = [
    ['1', 1, true],
    [1, '1.0', false],
    [false, 'false', true],
    [null, 'null', false],
    [null, null, true],
    [{ a: 1 }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, '[object Object]', false],
  ];
  for (const [a, b, expected] of equality) {
    test(`${formatValue(a)} ${expected ? 'equals' : 'does not equal'} ${formatValue(b)}`, () => {
      assert.equal(looselyEquals(a, b), expected);
    });
  }

  test('formatValue keeps long values to one short line', () => {
    const text = formatValue('x'.repeat(500));
    assert.equal(text.length, 80);
    assert.ok(text.endsWith('...'));
  });
});
