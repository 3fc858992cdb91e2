import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  certificateHostNames,
  describeNetworkError,
  describeTlsVerifyError,
  redactSecrets,
  type NetworkErrorContext,
} from '../../src/checks/net-errors.ts';

/** Builds an error shaped like Node's system errors (code, address, port...). */
function nodeError(code: string, fields: Record<string, unknown> = {}, message = `${code} happened`) {
  return Object.assign(new Error(message), { code, ...fields });
}

/** fetch wraps the real error: TypeError("fetch failed", { cause }). */
function fetchFailed(cause: unknown) {
  return new TypeError('fetch failed', { cause });
}

const ctx: NetworkErrorContext = { host: 'api.example.com', port: 443, timeoutMs: 5000 };

describe('describeNetworkError', () => {
  const cases: Array<[string, unknown, NetworkErrorContext, string]> = [
    ['DNS failure names the host', nodeError('ENOTFOUND', { hostname: 'example.invalid' }), {}, 'DNS lookup failed for example.invalid'],
    ['a temporary DNS failure says the resolver did not answer', nodeError('EAI_AGAIN'), ctx, 'DNS lookup failed for api.example.com (the resolver did not answer)'],
    ['refused by an IP', nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 81 }), {}, 'Connection refused by 127.0.0.1:81'],
    ['refused by a name also names the address', nodeError('ECONNREFUSED', { address: '10.0.0.5', port: 443 }), ctx, 'Connection refused by api.example.com:443 (10.0.0.5)'],
    ['fetch wrappers are unwrapped', fetchFailed(nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 81 })), { host: '127.0.0.1', port: 81 }, 'Connection refused by 127.0.0.1:81'],
    ['an AggregateError uses its first coded error', new AggregateError([nodeError('ECONNREFUSED', { address: '::1', port: 81 })], 'x'), {}, 'Connection refused by [::1]:81'],
    ['reset', nodeError('ECONNRESET'), ctx, 'Connection reset by api.example.com:443'],
    ['an OS connect timeout', nodeError('ETIMEDOUT'), ctx, 'Connection to api.example.com:443 timed out'],
    ['undici connect timeout', fetchFailed(nodeError('UND_ERR_CONNECT_TIMEOUT')), ctx, 'Connection to api.example.com:443 timed out'],
    ['host unreachable', nodeError('EHOSTUNREACH'), ctx, 'Host unreachable: api.example.com:443'],
    ['socket closed mid-response', fetchFailed(nodeError('UND_ERR_SOCKET')), ctx, 'Connection closed by api.example.com:443 before the response was complete'],
    ['a timeout abort quotes the timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), ctx, 'Timed out after 5000 ms'],
    ['a plain abort is the timeout too', new DOMException('This operation was aborted', 'AbortError'), ctx, 'Timed out after 5000 ms'],
    ['any error after the signal aborted is the timeout', nodeError('ECONNRESET'), { ...ctx, signal: AbortSignal.abort() }, 'Timed out after 5000 ms'],
    ['an expired certificate', fetchFailed(nodeError('CERT_HAS_EXPIRED')), ctx, 'TLS certificate expired'],
    ['a self-signed certificate', fetchFailed(nodeError('DEPTH_ZERO_SELF_SIGNED_CERT')), ctx, 'TLS certificate is self-signed (not issued by a trusted authority)'],
    ['an unknown issuer', nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), ctx, 'TLS certificate issuer is not trusted (unknown authority or incomplete chain)'],
    [
      'a hostname mismatch lists the names the certificate covers',
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID', { cert: { subjectaltname: 'DNS:www.example.org, DNS:example.org' } }),
      { host: 'api.example.com' },
      'TLS hostname mismatch: certificate is for www.example.org, example.org, not api.example.com',
    ],
    ['a non-TLS server', nodeError('ERR_SSL_WRONG_VERSION_NUMBER'), ctx, 'TLS handshake with api.example.com:443 failed: the server did not answer with TLS'],
    ['another SSL error quotes OpenSSL\'s reason', nodeError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', { reason: 'sslv3 alert handshake failure' }), ctx, 'TLS handshake with api.example.com:443 failed: sslv3 alert handshake failure'],
    ['fetch\'s blocked ports', fetchFailed(new Error('bad port')), { host: '127.0.0.1', port: 6000 }, 'Port 6000 is blocked by fetch as unsafe'],
    ['unknown codes keep message and code', nodeError('EWEIRD', {}, 'something odd'), {}, 'something odd (EWEIRD)'],
    ['errors without code keep their message', new Error('plain failure'), {}, 'plain failure'],
    ['non-errors become text', 'just a string', {}, 'just a string'],
  ];
  for (const [name, err, context, expected] of cases) {
    test(`${name}: "${expected}"`, () => {
      assert.equal(describeNetworkError(err, context), expected);
    });
  }
});

describe('describeTlsVerifyError and certificateHostNames', () => {
  test('an expired certificate names its expiry day when the certificate is known', () => {
    const message = describeTlsVerifyError('CERT_HAS_EXPIRED', { cert: { valid_to: 'Jan  2 10:00:00 2026 GMT' } });
    assert.equal(message, 'TLS certificate expired on 2026-01-02');
  });

  test('codes that are not about certificates are left to the caller', () => {
    assert.equal(describeTlsVerifyError('ECONNRESET'), undefined);
  });

  test('host names come from DNS and IP alternative names, else the common name', () => {
    assert.deepEqual(certificateHostNames({ subjectaltname: 'DNS:a.test, IP Address:127.0.0.1, email:x@y' }), ['a.test', '127.0.0.1']);
    assert.deepEqual(certificateHostNames({ subject: { CN: 'only-cn.test' } }), ['only-cn.test']);
    assert.deepEqual(certificateHostNames(undefined), []);
  });
});

describe('redactSecrets', () => {
  const cases: Array<[string, string[], string]> = [
    ['got "Bearer abc123"', ['abc123'], 'got "Bearer [redacted]"'],
    ['token abc and abcdef', ['abc', 'abcdef'], 'token [redacted] and [redacted]'],
    ['nothing secret here', ['', 'zzz'], 'nothing secret here'],
    ['twice: k1 k1', ['k1'], 'twice: [redacted] [redacted]'],
  ];
  for (const [text, secrets, expected] of cases) {
    test(`redacts ${JSON.stringify(secrets)} from "${text}"`, () => {
      assert.equal(redactSecrets(text, secrets), expected);
    });
  }
});
