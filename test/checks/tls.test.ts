import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { tlsCheck } from '../../src/checks/tls.ts';
import { closedPort, startHttpTarget, type HttpTarget } from '../helpers/http-target.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';
import { createTestCa, issueCert, selfSignedCert, startTlsServer, type KeyAndCert, type TlsTarget } from '../helpers/tls-certs.ts';

const DAY_MS = 86_400_000;
let ca: KeyAndCert;
/** "Now" for the checks: a minute before the certificates were made, so day counts are exact. */
let now: Date;
const servers: Record<string, TlsTarget> = {};
let selfSignedPem = '';
let plainHttp: HttpTarget;
let silent: net.Server;

before(async () => {
  now = new Date(Date.now() - 60_000);
  ca = await createTestCa();
  const identities = {
    valid: await issueCert(ca, { commonName: 'good.test', validToDays: 90 }),
    expiringSoon: await issueCert(ca, { commonName: 'good.test', validToDays: 5 }),
    nearlyExpired: await issueCert(ca, { commonName: 'good.test', validToDays: 2 }),
    expired: await issueCert(ca, { commonName: 'good.test', validFromDays: -30, validToDays: -2 }),
    selfSigned: await selfSignedCert({ commonName: 'self.test', validToDays: 90 }),
  };
  for (const [name, identity] of Object.entries(identities)) servers[name] = await startTlsServer(identity);
  selfSignedPem = identities.selfSigned.cert;
  plainHttp = await startHttpTarget();
  // Accepts connections and never answers: a handshake that can only time out.
  silent = net.createServer((socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  for (const server of Object.values(servers)) await server.close();
  await plainHttp.close();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

function portOf(name: string): number {
  const server = servers[name];
  if (!server) throw new Error(`no test server ${name}`);
  return server.port;
}

/** Runs the check against a named test server, trusting the test CA unless told otherwise. */
function check(name: string, overrides: Record<string, unknown> = {}, at: Date = now) {
  const config = tlsCheck.configSchema.parse({ host: '127.0.0.1', port: portOf(name), servername: 'good.test', ca: ca.cert, ...overrides });
  return observed(tlsCheck.run(config, netCheckContext({ now: at })));
}

describe('tls check: certificate validity', () => {
  test('a trusted certificate valid for 90 days is up and fully described', async () => {
    const result = await check('valid');
    assert.equal(result.status, 'up');
    assert.match(result.message, /^TLS certificate valid until \d{4}-\d{2}-\d{2} \(90 days left\)$/);
    assert.equal(result.details?.subjectCN, 'good.test');
    assert.deepEqual(result.details?.subjectAltNames, ['good.test', '127.0.0.1']);
    assert.equal(result.details?.issuer, 'Integration Health Test CA');
    assert.equal(result.details?.daysRemaining, 90);
    assert.equal(result.details?.authorized, true);
    assert.match(String(result.details?.protocol), /^TLSv1\.[23]$/);
    assert.ok(Date.parse(String(result.details?.validFrom)) < Date.parse(String(result.details?.validTo)));
    assert.ok(result.latencyMs >= 0 && result.latencyMs < 2000);
  });

  test('a certificate expiring in 5 days is degraded with warnDays 14', async () => {
    const result = await check('expiringSoon', { warnDays: 14 });
    assert.equal(result.status, 'degraded');
    assert.match(result.message, /^TLS certificate expires in 5 days \(on \d{4}-\d{2}-\d{2}\)$/);
    assert.equal(result.details?.daysRemaining, 5);
  });

  test('a certificate expiring in 2 days is down with failDays 3', async () => {
    const result = await check('nearlyExpired', { failDays: 3 });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^TLS certificate expires in 2 days/);
  });

  test('a truly expired certificate is rejected by Node and reported down with its expiry day', async () => {
    const result = await check('expired');
    const expiredOn = new Date(now.getTime() + 60_000 - 2 * DAY_MS).toISOString().slice(0, 10);
    assert.equal(result.status, 'down');
    assert.equal(result.message, `TLS certificate expired on ${expiredOn}`);
    assert.equal(result.details?.authorizationError, 'CERT_HAS_EXPIRED');
    assert.equal(result.details?.authorized, false);
  });

  test('an expired certificate is still down when chain checks are turned off', async () => {
    const result = await check('expired', { rejectUnauthorized: false });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^TLS certificate expired on /);
  });

  test('days are counted from the injected clock', async () => {
    const later = (days: number) => new Date(now.getTime() + days * DAY_MS);
    assert.equal((await check('valid', {}, later(80))).status, 'degraded');
    assert.equal((await check('valid', {}, later(88))).status, 'down');
    const expired = await check('valid', {}, later(91));
    assert.equal(expired.status, 'down');
    assert.match(expired.message, /^TLS certificate expired on /);
  });
});

describe('tls check: trust and hostname', () => {
  test('a hostname the certificate does not name is down and says what it is for', async () => {
    const result = await check('valid', { servername: 'other.test' });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'TLS hostname mismatch: certificate is for good.test, 127.0.0.1, not other.test');
  });

  test('the certificate can be matched by IP address when no servername is given', async () => {
    const result = await check('valid', { servername: undefined });
    assert.equal(result.status, 'up', result.message);
  });

  test('a self-signed certificate without a trusted ca is down as self-signed', async () => {
    const result = await check('selfSigned', { servername: 'self.test', ca: undefined });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^TLS certificate is self-signed/);
    assert.equal(result.details?.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  test('a self-signed certificate given as ca is trusted', async () => {
    const result = await check('selfSigned', { servername: 'self.test', ca: selfSignedPem });
    assert.equal(result.status, 'up', result.message);
  });

  test('a certificate from an unknown authority is down when its CA is not configured', async () => {
    const result = await check('valid', { ca: undefined });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'TLS certificate issuer is not trusted (unknown authority or incomplete chain)');
  });

  test('rejectUnauthorized false judges only expiry but keeps the reason in the details', async () => {
    const result = await check('valid', { servername: 'other.test', rejectUnauthorized: false });
    assert.equal(result.status, 'up');
    assert.equal(result.details?.authorizationError, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });
});

describe('tls check: unreachable targets', () => {
  test('a closed port is reported as connection refused', async () => {
    const port = await closedPort();
    await assert.rejects(tlsCheck.run(tlsCheck.configSchema.parse({ host: '127.0.0.1', port }), netCheckContext()), {
      message: `Connection refused by 127.0.0.1:${port}`,
    });
  });

  test('a server that does not speak TLS fails the handshake in plain words', async () => {
    const config = tlsCheck.configSchema.parse({ host: '127.0.0.1', port: plainHttp.port });
    await assert.rejects(tlsCheck.run(config, netCheckContext()), {
      message: new RegExp(`^TLS handshake with 127\\.0\\.0\\.1:${plainHttp.port} failed`),
    });
  });

  test('a handshake that never completes stops at the timeout', async () => {
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const config = tlsCheck.configSchema.parse({ host: '127.0.0.1', port });
    await assert.rejects(tlsCheck.run(config, netCheckContext({ timeoutMs: 200 })), { message: 'Timed out after 200 ms' });
    assert.ok(Date.now() - started < 1500);
  });

  test('an unresolvable host is reported as a DNS failure', async () => {
    const config = tlsCheck.configSchema.parse({ host: 'tls.example.invalid' });
    await assert.rejects(tlsCheck.run(config, netCheckContext({ timeoutMs: 3000 })), {
      message: /^(DNS lookup failed for tls\.example\.invalid|Timed out after 3000 ms)$/,
    });
  });
});

describe('tls check: config schema', () => {
  test('defaults are port 443, warn at 14 days, fail at 3 days and verify the chain', () => {
    const config = tlsCheck.configSchema.parse({ host: 'example.com' });
    assert.deepEqual(config, { host: 'example.com', port: 443, warnDays: 14, failDays: 3, rejectUnauthorized: true });
  });

  test('failDays above warnDays and a ca that is not PEM are rejected', () => {
    assert.equal(tlsCheck.configSchema.safeParse({ host: 'a', warnDays: 2, failDays: 5 }).success, false);
    assert.equal(tlsCheck.configSchema.safeParse({ host: 'a', ca: 'not a certificate' }).success, false);
  });
});
