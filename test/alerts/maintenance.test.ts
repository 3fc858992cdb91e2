import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isInMaintenance, maintenanceWindowSchema, type MaintenanceWindow } from '../../src/alerts/maintenance.ts';

type Weekly = Extract<MaintenanceWindow, { kind: 'weekly' }>;
const weekly = (daysOfWeek: number[], startTime: string, durationMinutes: number, timeZone: string): Weekly => ({
  kind: 'weekly',
  daysOfWeek,
  startTime,
  durationMinutes,
  timeZone,
});

describe('one-off maintenance windows', () => {
  const window: MaintenanceWindow = {
    kind: 'once',
    name: 'Database upgrade',
    startsAt: new Date('2025-07-14T10:00:00Z'),
    endsAt: new Date('2025-07-14T11:00:00Z'),
  };
  const cases: Array<[string, boolean]> = [
    ['2025-07-14T09:59:59Z', false],
    ['2025-07-14T10:00:00Z', true],
    ['2025-07-14T10:30:00Z', true],
    ['2025-07-14T11:00:00Z', false],
  ];
  for (const [now, active] of cases) {
    test(`at ${now} the window is ${active ? 'active' : 'not active'} (start inclusive, end exclusive)`, () => {
      const result = isInMaintenance([window], new Date(now));
      assert.equal(result?.window.name ?? null, active ? 'Database upgrade' : null);
    });
  }
});

describe('weekly maintenance windows in a time zone', () => {
  // [what, window, now, expected occurrence start or null]
  const cases: Array<[string, Weekly, string, string | null]> = [
    ['Monday 02:00 Berlin summer time starts at 00:00 UTC', weekly([1], '02:00', 120, 'Europe/Berlin'), '2025-07-14T00:00:00Z', '2025-07-14T00:00:00.000Z'],
    ['Monday 02:00 Berlin is over after two hours', weekly([1], '02:00', 120, 'Europe/Berlin'), '2025-07-14T02:00:00Z', null],
    ['Monday 02:00 Berlin is not active on Tuesday', weekly([1], '02:00', 120, 'Europe/Berlin'), '2025-07-15T00:30:00Z', null],
    ['Monday 02:00 Berlin winter time starts at 01:00 UTC', weekly([1], '02:00', 60, 'Europe/Berlin'), '2025-01-13T01:30:00Z', '2025-01-13T01:00:00.000Z'],
    ['a window crossing midnight is active after midnight', weekly([0], '23:00', 120, 'Europe/Berlin'), '2025-07-13T22:30:00Z', '2025-07-13T21:00:00.000Z'],
    ['a window crossing midnight ends on the next day', weekly([0], '23:00', 120, 'Europe/Berlin'), '2025-07-13T23:30:00Z', null],
    ['Saturday 22:00 for four hours reaches into Sunday', weekly([6], '22:00', 240, 'UTC'), '2025-07-13T01:00:00Z', '2025-07-12T22:00:00.000Z'],
    ['a three-day window that began on Friday is active on Monday', weekly([5], '18:00', 4320, 'UTC'), '2025-07-14T12:00:00Z', '2025-07-11T18:00:00.000Z'],
    ['a three-day window ends after three days', weekly([5], '18:00', 4320, 'UTC'), '2025-07-14T18:00:00Z', null],
    ['New York Friday 17:00 in summer is 21:00 UTC', weekly([5], '17:00', 30, 'America/New_York'), '2025-07-18T21:10:00Z', '2025-07-18T21:00:00.000Z'],
    ['New York Friday 17:00 in winter is 22:00 UTC', weekly([5], '17:00', 30, 'America/New_York'), '2025-01-17T21:10:00Z', null],
    ['New York Friday 17:00 in winter, inside', weekly([5], '17:00', 30, 'America/New_York'), '2025-01-17T22:10:00Z', '2025-01-17T22:00:00.000Z'],
    ['Monday 09:00 at UTC+14 is Sunday 19:00 UTC', weekly([1], '09:00', 60, 'Pacific/Kiritimati'), '2025-07-13T19:30:00Z', '2025-07-13T19:00:00.000Z'],
    ['Sunday 20:00 at UTC-11 is Monday 07:00 UTC', weekly([0], '20:00', 60, 'Pacific/Pago_Pago'), '2025-07-14T07:30:00Z', '2025-07-14T07:00:00.000Z'],
    // Berlin, 30 March 2025: clocks jump from 02:00 to 03:00, so 02:30 does not exist.
    ['a start in the spring-forward gap begins just after the gap (03:30 CEST)', weekly([0], '02:30', 60, 'Europe/Berlin'), '2025-03-30T01:45:00Z', '2025-03-30T01:30:00.000Z'],
    ['a start in the spring-forward gap is not active before it begins', weekly([0], '02:30', 60, 'Europe/Berlin'), '2025-03-30T01:10:00Z', null],
    ['a start in the spring-forward gap keeps its real duration', weekly([0], '02:30', 60, 'Europe/Berlin'), '2025-03-30T02:30:00Z', null],
    // Berlin, 26 October 2025: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice.
    ['a start in the fall-back overlap uses the first 02:30', weekly([0], '02:30', 30, 'Europe/Berlin'), '2025-10-26T00:40:00Z', '2025-10-26T00:30:00.000Z'],
    ['a start in the fall-back overlap does not run again at the second 02:30', weekly([0], '02:30', 30, 'Europe/Berlin'), '2025-10-26T01:40:00Z', null],
  ];
  for (const [name, window, now, start] of cases) {
    test(name, () => {
      const result = isInMaintenance([window], new Date(now));
      assert.equal(result?.startsAt.toISOString() ?? null, start);
      if (result) assert.equal(result.endsAt.getTime() - result.startsAt.getTime(), window.durationMinutes * 60_000);
    });
  }

  test('of two overlapping windows the one ending last is returned', () => {
    const short = { ...weekly([1], '00:00', 60, 'UTC'), name: 'short' };
    const long = { ...weekly([1], '00:30', 120, 'UTC'), name: 'long' };
    assert.equal(isInMaintenance([short, long], new Date('2025-07-14T00:45:00Z'))?.window.name, 'long');
  });

  test('no windows means no maintenance', () => {
    assert.equal(isInMaintenance([], new Date()), null);
  });
});

describe('maintenance window validation', () => {
  test('a weekly window with an unknown time zone is rejected', () => {
    assert.equal(maintenanceWindowSchema.safeParse(weekly([1], '02:00', 60, 'Mars/Olympus_Mons')).success, false);
  });

  test('a start time that is not HH:MM is rejected', () => {
    assert.equal(maintenanceWindowSchema.safeParse(weekly([1], '2:00', 60, 'UTC')).success, false);
    assert.equal(maintenanceWindowSchema.safeParse(weekly([1], '24:00', 60, 'UTC')).success, false);
  });

  test('a one-off window must end after it starts, and dates are parsed from strings', () => {
    const bad = maintenanceWindowSchema.safeParse({ kind: 'once', startsAt: '2025-07-14T11:00:00Z', endsAt: '2025-07-14T10:00:00Z' });
    assert.equal(bad.success, false);
    const good = maintenanceWindowSchema.parse({ kind: 'once', startsAt: '2025-07-14T10:00:00Z', endsAt: '2025-07-14T11:00:00Z' });
    assert.ok(good.kind === 'once' && good.startsAt instanceof Date);
  });
});

describe('stored windows that slipped past validation', () => {
  test('a weekly window with an invalid time zone is never active instead of throwing', () => {
    assert.equal(isInMaintenance([weekly([0, 1, 2, 3, 4, 5, 6], '00:00', 1440, 'Not/AZone')], new Date()), null);
  });
});
