import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { runCheck } from '../../src/checks/runner.ts';
import { defineCheckKind } from '../../src/checks/types.ts';

// Test kinds that misbehave on purpose: the runner is what must cope.
const throwing = defineCheckKind({
  name: 'throwing',
  description: 'throws',
  configSchema: z.object({ reason: z.string() }),
  secretFields: [],
  async run(config) {
    throw new Error(config.reason);
  },
});

const hanging = defineCheckKind({
  name: 'hanging',
  description: 'ignores its signal',
  configSchema: z.object({}),
  secretFields: [],
  run: () => new Promise(() => undefined),
});

const options = { timeoutMs: 200, intervalSeconds: 60 };

test('a check that throws becomes a down observation carrying its message', async () => {
  const observation = await runCheck(throwing, { reason: 'connection reset by peer' }, options);
  assert.deepEqual({ status: observation?.status, message: observation?.message }, { status: 'down', message: 'connection reset by peer' });
});

test('a check that ignores its signal is still cut off at the timeout', async () => {
  const started = Date.now();
  const observation = await runCheck(hanging, {}, options);
  assert.equal(observation?.status, 'down');
  assert.equal(observation?.message, 'Timed out after 200 ms');
  assert.ok(Date.now() - started < 2_000);
});

test('an invalid stored config becomes a down observation naming the field', async () => {
  const observation = await runCheck(throwing, { reason: 42 }, options);
  assert.equal(observation?.status, 'down');
  assert.match(observation?.message ?? '', /^Invalid throwing configuration — reason: /);
});

test('a shutdown abort is not recorded as down but handed back (throws)', async () => {
  const controller = new AbortController();
  const running = runCheck(hanging, {}, { ...options, timeoutMs: 5_000, signal: controller.signal });
  controller.abort();
  await assert.rejects(running, /interrupted by shutdown/);
});
