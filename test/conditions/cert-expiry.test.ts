import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeCertExpiry } from '../../src/conditions/cert-expiry.ts';

const DAY = 86_400_000;
const now = new Date('2026-03-01T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe('judgeCertExpiry', () => {
  const cases: Array<[string, number, number, 'up' | 'degraded' | 'down', number, string]> = [
    ['a cert valid for 90 days is up', -10, 90, 'up', 90, 'TLS certificate valid until 2026-05-30 (90 days left)'],
    ['exactly 14 days left is still up with warnDays 14', -10, 14, 'up', 14, 'TLS certificate valid until 2026-03-15 (14 days left)'],
    ['5 days left is degraded', -10, 5, 'degraded', 5, 'TLS certificate expires in 5 days (on 2026-03-06)'],
    ['2.9 days left is down with failDays 3', -10, 2.9, 'down', 2, 'TLS certificate expires in 2 days (on 2026-03-04)'],
    ['1 day left reads in the singular', -10, 1.5, 'down', 1, 'TLS certificate expires in 1 day (on 2026-03-03)'],
    ['an expired cert is down with its expiry day', -30, -2, 'down', -2, 'TLS certificate expired on 2026-02-27'],
    ['a cert not valid yet is down', 2, 90, 'down', 90, 'TLS certificate is not valid until 2026-03-03'],
  ];
  for (const [name, fromDays, toDays, status, daysRemaining, message] of cases) {
    test(name, () => {
      const verdict = judgeCertExpiry({ validFrom: at(fromDays), validTo: at(toDays), now, warnDays: 14, failDays: 3 });
      assert.deepEqual(verdict, { status, daysRemaining, message });
    });
  }

  test('warnDays 0 and failDays 0 only fail an expired cert', () => {
    const verdict = judgeCertExpiry({ validFrom: at(-1), validTo: at(0.5), now, warnDays: 0, failDays: 0 });
    assert.equal(verdict.status, 'up');
  });
});
