import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { certificateColor, latencyColor, normalizeBadgeColor, uptimeColor } from '../../src/badges/colors.ts';
import { cleanLabel, formatCertificateDays, formatLatency, formatUptime } from '../../src/badges/format.ts';
import { signBadge, verifyBadgeSignature } from '../../src/badges/signing.ts';
import { aggregateStatus, worstStatus } from '../../src/badges/status.ts';
import { createBadgeRoutes } from '../../src/badges/routes.ts';
import { FakeBadgeData } from './fake-data-source.ts';

describe('badge rules', () => {
  test('worstStatus ranks down > degraded > maintenance > unknown > paused > up', () => {
    assert.equal(worstStatus(['up', 'paused', 'unknown', 'maintenance', 'degraded', 'down']), 'down');
    assert.equal(worstStatus(['up', 'degraded', 'maintenance']), 'degraded');
    assert.equal(worstStatus(['up', 'unknown', 'maintenance']), 'maintenance');
    assert.equal(worstStatus(['paused', 'unknown', 'up']), 'unknown');
    assert.equal(worstStatus(['up', 'paused']), 'paused');
    assert.equal(worstStatus(['up', 'up']), 'up');
    assert.equal(worstStatus([]), 'unknown');
  });

  test('aggregateStatus leaves paused members out unless all are paused, and is undefined when empty', () => {
    assert.equal(aggregateStatus(['up', 'paused']), 'up');
    assert.equal(aggregateStatus(['paused', 'paused']), 'paused');
    assert.equal(aggregateStatus(['paused', 'down']), 'down');
    assert.equal(aggregateStatus([]), undefined);
  });

  test('uptime is floored to two decimals from 99% and one below, never showing 100% early', () => {
    const cases: [number, string][] = [
      [1, '100%'],
      [0.999999, '99.99%'],
      [0.9995, '99.95%'],
      [0.999, '99.90%'],
      [0.99, '99.00%'],
      [0.98765, '98.7%'],
      [0.5, '50.0%'],
      [0, '0.0%'],
      [1.2, '100%'],
    ];
    for (const [ratio, text] of cases) assert.equal(formatUptime(ratio).text, text, String(ratio));
  });

  test('uptime colours follow the thresholds at their edges', () => {
    const cases: [number, string][] = [
      [100, 'brightgreen'],
      [99.9, 'brightgreen'],
      [99.89, 'green'],
      [99, 'green'],
      [97, 'yellowgreen'],
      [95, 'yellow'],
      [90, 'orange'],
      [89.9, 'red'],
    ];
    for (const [percent, color] of cases) assert.equal(uptimeColor(percent), color, String(percent));
  });

  test('latency is shown in ms below a second and in seconds above, coloured by thresholds', () => {
    assert.equal(formatLatency(0.4), '0 ms');
    assert.equal(formatLatency(123.4), '123 ms');
    assert.equal(formatLatency(999.6), '1.0 s');
    assert.equal(formatLatency(1234), '1.2 s');
    assert.equal(formatLatency(12_345), '12 s');
    assert.equal(latencyColor(200), 'brightgreen');
    assert.equal(latencyColor(201), 'green');
    assert.equal(latencyColor(1000), 'yellowgreen');
    assert.equal(latencyColor(5001), 'red');
  });

  test('certificate days read naturally and are coloured by how soon they run out', () => {
    assert.equal(formatCertificateDays(45.7), '45 days');
    assert.equal(formatCertificateDays(1), '1 day');
    assert.equal(formatCertificateDays(0.5), 'expires today');
    assert.equal(formatCertificateDays(-0.1), 'expired');
    assert.equal(certificateColor(30), 'brightgreen');
    assert.equal(certificateColor(14), 'yellowgreen');
    assert.equal(certificateColor(7), 'yellow');
    assert.equal(certificateColor(1), 'orange');
    assert.equal(certificateColor(0), 'red');
  });

  test('colour overrides accept shields names, aliases and hex, and refuse CSS', () => {
    assert.equal(normalizeBadgeColor('brightgreen'), 'brightgreen');
    assert.equal(normalizeBadgeColor('Gray'), 'grey');
    assert.equal(normalizeBadgeColor('critical'), 'red');
    assert.equal(normalizeBadgeColor('ABC'), '#abc');
    assert.equal(normalizeBadgeColor('#AaBbCc'), '#aabbcc');
    for (const bad of ['#abcd', 'aqua', 'rgb(0,0,0)', 'url(#x)', '', '#']) {
      assert.equal(normalizeBadgeColor(bad), undefined, bad);
    }
  });

  test('cleanLabel keeps short text, trims, and ellipsizes long text at 64 code points', () => {
    assert.equal(cleanLabel('  build  '), 'build');
    const long = cleanLabel('a'.repeat(65));
    assert.equal(long.length, 64);
    assert.ok(long.endsWith('…'));
    assert.equal(cleanLabel('a'.repeat(64)), 'a'.repeat(64));
  });

  test('signatures are 16+ bytes of base64url, bound to secret, slug and metric', () => {
    const sig = signBadge('s1', 'api', 'status');
    assert.match(sig, /^[A-Za-z0-9_-]{22,}$/);
    assert.equal(signBadge('s1', 'api', 'status'), sig);
    assert.notEqual(signBadge('s2', 'api', 'status'), sig);
    assert.notEqual(signBadge('s1', 'api2', 'status'), sig);
    assert.notEqual(signBadge('s1', 'api', 'uptime'), sig);
    assert.equal(verifyBadgeSignature('s1', 'api', 'status', sig), true);
    assert.equal(verifyBadgeSignature('s1', 'api', 'status', sig.toLowerCase()), sig === sig.toLowerCase());
    assert.equal(verifyBadgeSignature('s1', 'api', 'status', undefined), false);
    assert.equal(verifyBadgeSignature('s1', 'api', 'status', `${sig}=`), false);
    assert.throws(() => signBadge('', 'api', 'status'), /SECRET_KEY/);
  });

  test('createBadgeRoutes refuses an empty secret and a bad max-age up front', () => {
    const data = new FakeBadgeData();
    assert.throws(() => createBadgeRoutes({ data, secretKey: '' }), /secretKey/);
    assert.throws(() => createBadgeRoutes({ data, secretKey: 'k', cacheMaxAgeSeconds: -1 }), /cacheMaxAgeSeconds/);
  });
});
