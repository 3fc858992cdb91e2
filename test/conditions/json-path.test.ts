import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookupJsonPath, parseJsonPath } from '../../src/conditions/json-path.ts';

describe('parseJsonPath', () => {
  const valid: Array<[string, Array<string | number>]> = [
    ['$', []],
    ['$.status', ['status']],
    ['$.a.b[0].c', ['a', 'b', 0, 'c']],
    ["$['key with space']", ['key with space']],
    ['$["double quoted"].x', ['double quoted', 'x']],
    ["$['it\\'s']", ["it's"]],
    ['$.items[-1]', ['items', -1]],
    ['$.content-type', ['content-type']],
    ["$[0]['a.b']", [0, 'a.b']],
  ];
  for (const [path, segments] of valid) {
    test(`parses ${path} into its segments`, () => {
      assert.deepEqual(parseJsonPath(path), { ok: true, segments });
    });
  }

  const invalid: Array<[string, RegExp]> = [
    ['status', /must start with "\$"/],
    ['$.', /property name after "\."/],
    ['$..a', /property name/],
    ['$[abc]', /index or a quoted key/],
    ["$['open", /unterminated/],
    ['$[1', /index or a quoted key/],
    ['$ a', /unexpected " "/],
  ];
  for (const [path, error] of invalid) {
    test(`rejects ${JSON.stringify(path)} with a message saying why`, () => {
      const parsed = parseJsonPath(path);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, error);
    });
  }
});

describe('lookupJsonPath', () => {
  const doc = { a: { b: [{ c: 1 }, { c: null }] }, 'key with space': 'yes', list: [10, 20, 30] };
  const cases: Array<[string, ReturnType<typeof lookupJsonPath>]> = [
    ['$', { found: true, value: doc }],
    ['$.a.b[0].c', { found: true, value: 1 }],
    ['$.a.b[1].c', { found: true, value: null }],
    ["$['key with space']", { found: true, value: 'yes' }],
    ['$.list[-1]', { found: true, value: 30 }],
    ['$.list[3]', { found: false }],
    ['$.list[-4]', { found: false }],
    ['$.missing', { found: false }],
    ['$.a.b.c', { found: false }],
    ['$.list.length', { found: false }],
    ['$.a[0]', { found: false }],
    ['$.toString', { found: false }],
  ];
  for (const [path, expected] of cases) {
    test(`looks up ${path}`, () => {
      const parsed = parseJsonPath(path);
      assert.ok(parsed.ok);
      assert.deepEqual(lookupJsonPath(doc, parsed.segments), expected);
    });
  }
});
