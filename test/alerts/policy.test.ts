import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_ALERT_POLICY,
  channelCooldownAllows,
  evaluateAlertPolicy,
  eventRespectsCooldown,
  initialAlertState,
  parseAlertState,
  resolveAlertPolicy,
  type AlertPolicy,
  type AlertState,
  type PolicyDecision,
  type ResultStatus,
} from '../../src/alerts/policy.ts';

const T0 = Date.parse('2025-07-14T10:00:00.000Z');
const minute = (m: number) => new Date(T0 + m * 60_000);

/**
 * A step is "status", optionally "@minute" (absolute; default: one minute after the previous
 * step) and "!m" when a maintenance window is active, e.g. "down@20!m".
 */
function run(steps: string[], overrides: Partial<AlertPolicy> = {}) {
  const policy = resolveAlertPolicy(DEFAULT_ALERT_POLICY, overrides);
  let state: AlertState = initialAlertState();
  let clock = -1;
  const events: string[] = [];
  const decisions: PolicyDecision[] = [];
  steps.forEach((step, index) => {
    const match = /^(up|down|degraded)(?:@(\d+))?(!m)?$/.exec(step);
    if (!match) throw new Error(`bad step ${step}`);
    clock = match[2] === undefined ? clock + 1 : Number(match[2]);
    const decision = evaluateAlertPolicy({
      policy,
      state,
      status: match[1] as ResultStatus,
      inMaintenance: match[3] !== undefined,
      now: minute(clock),
    });
    // The state must survive a JSON round trip, as it is stored between results.
    state = parseAlertState(JSON.parse(JSON.stringify(decision.state)));
    decisions.push(decision);
    for (const event of decision.events) events.push(`${index + 1}:${event.type}`);
  });
  return { events, decisions, state };
}

const table: Array<{ name: string; steps: string[]; policy?: Partial<AlertPolicy>; expected: string[] }> = [
  { name: 'two failures in a row send one down alert', steps: ['down', 'down', 'down'], expected: ['2:down'] },
  { name: 'single failures between successes send nothing', steps: ['down', 'up', 'down', 'up'], expected: [] },
  { name: 'downAfter 1 alerts on the first failure', steps: ['down'], policy: { downAfter: 1 }, expected: ['1:down'] },
  { name: 'downAfter 3 waits for the third failure', steps: ['down', 'down', 'down'], policy: { downAfter: 3 }, expected: ['3:down'] },
  { name: 'one success after a sent down recovers', steps: ['down', 'down', 'up', 'up'], expected: ['2:down', '3:recovered'] },
  {
    name: 'recoverAfter 3 needs three successes in a row',
    steps: ['down', 'down', 'up', 'up', 'down', 'up', 'up', 'up'],
    policy: { recoverAfter: 3 },
    expected: ['2:down', '8:recovered'],
  },
  { name: 'no recovered without a sent down', steps: ['down', 'up', 'up'], expected: [] },
  { name: 'recovering into degraded counts as recovered', steps: ['down', 'down', 'degraded'], expected: ['2:down', '3:recovered'] },
  { name: 'degraded sends nothing unless opted in', steps: ['degraded', 'degraded', 'degraded', 'up'], expected: [] },
  {
    name: 'degraded opt-in alerts after downAfter degraded results and recovers on up',
    steps: ['degraded', 'degraded', 'degraded', 'up'],
    policy: { alertOnDegraded: true },
    expected: ['2:degraded', '4:recovered'],
  },
  {
    name: 'degraded escalating to down alerts down even inside the cooldown',
    steps: ['degraded', 'degraded', 'down', 'down', 'up'],
    policy: { alertOnDegraded: true },
    expected: ['2:degraded', '4:down', '5:recovered'],
  },
  {
    name: 'recovering from down into degraded then up reports both steps when degraded is opted in',
    steps: ['down', 'down', 'degraded', 'up'],
    policy: { alertOnDegraded: true },
    expected: ['2:down', '3:recovered', '4:recovered'],
  },
  {
    name: 'degraded recovery waits for recoverAfter ups',
    steps: ['degraded', 'degraded', 'up', 'degraded', 'up', 'up'],
    policy: { alertOnDegraded: true, recoverAfter: 2 },
    expected: ['2:degraded', '6:recovered'],
  },
  {
    name: 'flapping within the cooldown sends one down and one recovered',
    steps: ['down@0', 'up@1', 'down@5', 'up@6', 'down@8', 'up@9'],
    policy: { downAfter: 1, cooldownMinutes: 15 },
    expected: ['1:down', '2:recovered'],
  },
  {
    name: 'a new down after the cooldown alerts again',
    steps: ['down@0', 'up@1', 'down@5', 'up@6', 'down@20'],
    policy: { downAfter: 1, cooldownMinutes: 15 },
    expected: ['1:down', '2:recovered', '5:down'],
  },
  {
    name: 'a down held back by cooldown goes out when still down after the cooldown, and its recovery too',
    steps: ['down@0', 'up@1', 'down@5', 'down@10', 'down@16', 'up@17'],
    policy: { downAfter: 1, cooldownMinutes: 15 },
    expected: ['1:down', '2:recovered', '5:down', '6:recovered'],
  },
  {
    name: 'recovered is never held back by the cooldown',
    steps: ['down@0', 'up@1'],
    policy: { downAfter: 1, cooldownMinutes: 60 },
    expected: ['1:down', '2:recovered'],
  },
  {
    name: 'cooldown 0 lets every flap through',
    steps: ['down@0', 'up@1', 'down@2', 'up@3'],
    policy: { downAfter: 1, cooldownMinutes: 0 },
    expected: ['1:down', '2:recovered', '3:down', '4:recovered'],
  },
  {
    name: 'reminders repeat every R minutes while still down',
    steps: ['down@0', 'down@1', 'down@30', 'down@60', 'down@61', 'down@90', 'down@121', 'up@122'],
    policy: { reminderMinutes: 60 },
    expected: ['2:down', '5:reminder', '7:reminder', '8:recovered'],
  },
  {
    name: 'reminderMinutes 0 turns reminders off',
    steps: ['down@0', 'down@1', 'down@100', 'down@500'],
    policy: { reminderMinutes: 0 },
    expected: ['2:down'],
  },
  {
    name: 'nothing is sent during maintenance',
    steps: ['down@0!m', 'down@1!m', 'down@2!m', 'up@3!m', 'up@4'],
    expected: [],
  },
  {
    name: 'still down when maintenance ends sends the down alert',
    steps: ['down@0!m', 'down@1!m', 'down@2'],
    expected: ['3:down'],
  },
  {
    name: 'a recovery silenced by maintenance is reported after the window',
    steps: ['down', 'down', 'up!m', 'up'],
    expected: ['2:down', '4:recovered'],
  },
  {
    name: 'no reminders during maintenance, one after it when overdue',
    steps: ['down@0', 'down@1', 'down@70!m', 'down@80'],
    policy: { reminderMinutes: 60 },
    expected: ['2:down', '4:reminder'],
  },
  {
    name: 'maintenance silences degraded alerts too',
    steps: ['degraded!m', 'degraded!m', 'degraded'],
    policy: { alertOnDegraded: true },
    expected: ['3:degraded'],
  },
];

describe('alert policy sequences', () => {
  for (const row of table) {
    test(row.name, () => {
      assert.deepEqual(run(row.steps, row.policy).events, row.expected);
    });
  }
});

describe('alert policy details', () => {
  test('a down alert says what it was before and when the outage began', () => {
    const { decisions } = run(['up@0', 'down@5', 'down@10']);
    assert.deepEqual(decisions[2]?.events, [{ type: 'down', status: 'down', previousStatus: 'up', downSince: minute(5) }]);
  });

  test('a brand-new integration that fails reports its previous status as unknown', () => {
    const { decisions } = run(['down', 'down']);
    assert.equal(decisions[1]?.events[0]?.previousStatus, 'unknown');
  });

  test('recovered keeps the start of the outage through interrupted recoveries', () => {
    const { decisions } = run(['down@0', 'down@1', 'up@2', 'down@3', 'up@4', 'up@5'], { recoverAfter: 2 });
    const recovered = decisions[5]?.events[0];
    assert.equal(recovered?.type, 'recovered');
    assert.equal(recovered?.previousStatus, 'down');
    assert.deepEqual(recovered?.downSince, minute(0));
  });

  test('a held-back down reports when the cooldown ends and its outage start', () => {
    const { decisions } = run(['down@0', 'up@1', 'down@5', 'down@16'], { downAfter: 1, cooldownMinutes: 15 });
    assert.deepEqual(decisions[2]?.heldBack, { type: 'down', reason: 'cooldown', until: minute(15) });
    assert.equal(decisions[2]?.state.heldBack, 'cooldown');
    assert.deepEqual(decisions[3]?.events[0]?.downSince, minute(5));
    assert.equal(decisions[3]?.heldBack, null);
  });

  test('maintenance reports the alert it held back', () => {
    const { decisions } = run(['down!m', 'down!m']);
    assert.equal(decisions[0]?.heldBack, null);
    assert.deepEqual(decisions[1]?.heldBack, { type: 'down', reason: 'maintenance' });
  });

  test('evaluating never mutates the state it was given', () => {
    const state = initialAlertState();
    const frozen = structuredClone(state);
    evaluateAlertPolicy({ policy: DEFAULT_ALERT_POLICY, state, status: 'down', inMaintenance: false, now: minute(0) });
    assert.deepEqual(state, frozen);
  });

  test('a corrupt stored state is rejected rather than silently reset', () => {
    assert.throws(() => parseAlertState({ v: 1, downRun: -1 }));
    assert.deepEqual(parseAlertState(null), initialAlertState());
  });

  test('per-integration overrides replace only the keys they set', () => {
    const merged = resolveAlertPolicy(DEFAULT_ALERT_POLICY, { downAfter: 5, reminderMinutes: undefined });
    assert.deepEqual(merged, { ...DEFAULT_ALERT_POLICY, downAfter: 5 });
  });
});

describe('per-channel cooldown', () => {
  const cases: Array<[string, Date | null, number, number, boolean]> = [
    ['never sent', null, 0, 15, true],
    ['sent 5 minutes ago with a 15 minute cooldown', minute(0), 5, 15, false],
    ['sent exactly 15 minutes ago', minute(0), 15, 15, true],
    ['sent 1 minute ago with cooldown off', minute(0), 1, 0, true],
  ];
  for (const [name, lastSentAt, nowMinute, cooldown, allowed] of cases) {
    test(`a channel ${name} is ${allowed ? 'allowed' : 'held back'}`, () => {
      assert.equal(channelCooldownAllows(lastSentAt, minute(nowMinute), cooldown), allowed);
    });
  }

  test('only incident-opening events respect cooldowns', () => {
    assert.deepEqual(
      ['down', 'degraded', 'recovered', 'reminder', 'tls_expiry', 'test'].filter(eventRespectsCooldown),
      ['down', 'degraded'],
    );
  });
});
