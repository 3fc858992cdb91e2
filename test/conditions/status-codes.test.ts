import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatStatusSpec, parseStatusSpec, statusMatches, type StatusSpecEntry } from '../../src/conditions/status-codes.ts';

describe('status code specs', () => {
  const matching: Array<[StatusSpecEntry[], number, boolean]> = [
    [['200-299'], 200, true],
    [['200-299'], 299, true],
    [['200-299'], 300, false],
    [['200-299'], 199, false],
    [['200-299', 301], 301, true],
    [['200-299', 301], 302, false],
    [[204], 204, true],
    [['404'], 404, true],
    [[' 500 - 503 '], 502, true],
    [['500-503'], 504, false],
  ];
  for (const [spec, code, expected] of matching) {
    test(`${code} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(spec)}`, () => {
      const parsed = parseStatusSpec(spec);
      assert.ok(parsed.ok);
      assert.equal(statusMatches(code, parsed.ranges), expected);
    });
  }

  const invalid: Array<[StatusSpecEntry[], RegExp]> = [
    [['2xx'], /not a status code or a range/],
    [[99], /not a status code/],
    [[600], /outside 100-599/],
    [['299-200'], /reversed/],
    [['200-'], /not a status code/],
    [[200.5], /not a status code/],
  ];
  for (const [spec, error] of invalid) {
    test(`rejects ${JSON.stringify(spec)} with a reason`, () => {
      const parsed = parseStatusSpec(spec);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }

  test('formats ranges the way people write them', () => {
    const parsed = parseStatusSpec(['200-299', 301, '404-404']);
    assert.ok(parsed.ok);
    assert.equal(formatStatusSpec(parsed.ranges), '200-299, 301, 404');
  });
});
