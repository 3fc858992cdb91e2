/**
 * Turns Node's network and TLS errors into one line a person can act on ("Connection refused by
 * 127.0.0.1:81") instead of "fetch failed". Every kind that opens a socket reuses this so the same
 * failure reads the same everywhere.
 */

export interface NetworkErrorContext {
  /** Host the check aimed at (names the target when the error itself does not). */
  host?: string | undefined;
  port?: number | undefined;
  /** The check's timeout, quoted in "Timed out after N ms". */
  timeoutMs?: number | undefined;
  /** The check's signal: once aborted, any resulting error is the timeout, whatever its code. */
  signal?: AbortSignal | undefined;
}

/** The parts of a peer certificate the messages use (matches `tls.PeerCertificate`). */
export interface CertificateNames {
  subject?: { CN?: string | string[] } | undefined;
  subjectaltname?: string | undefined;
  valid_to?: string | undefined;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  address?: string;
  /** OpenSSL's reason text on TLS errors, e.g. "wrong version number". */
  reason?: string;
  port?: number;
  cause?: unknown;
  errors?: unknown[];
  cert?: CertificateNames;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return value !== null && typeof value === 'object' ? (value as ErrorLike) : undefined;
}

/**
 * fetch wraps the real failure ("fetch failed" → cause ECONNREFUSED) and connecting to several
 * addresses yields an AggregateError; the innermost error with a code says what happened.
 */
export function rootNetworkError(err: unknown): ErrorLike | undefined {
  let current = asErrorLike(err);
  for (let depth = 0; current && depth < 8; depth += 1) {
    if (current.code && !current.errors) return current;
    const inner = asErrorLike(current.cause) ?? asErrorLike(current.errors?.[0]);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

export function isAbortError(err: unknown): boolean {
  for (let e = asErrorLike(err), depth = 0; e && depth < 8; e = asErrorLike(e.cause), depth += 1) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ABORT_ERR') return true;
  }
  return false;
}

export function timeoutMessage(timeoutMs: number | undefined): string {
  return timeoutMs === undefined ? 'Timed out' : `Timed out after ${timeoutMs} ms`;
}

/** "host:port", with IPv6 addresses in brackets. */
export function formatEndpoint(host: string | undefined, port: number | undefined): string {
  const h = host?.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  if (h === undefined) return port === undefined ? 'the server' : `port ${port}`;
  return port === undefined ? h : `${h}:${port}`;
}

/** Names a certificate's hosts: its DNS and IP alternative names, else its common name. */
export function certificateHostNames(cert: CertificateNames | undefined): string[] {
  const alt = (cert?.subjectaltname ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:') || entry.startsWith('IP Address:'))
    .map((entry) => entry.slice(entry.indexOf(':') + 1));
  if (alt.length > 0) return alt;
  const cn = cert?.subject?.CN;
  return cn === undefined ? [] : Array.isArray(cn) ? cn : [cn];
}

/**
 * Describes an OpenSSL/Node certificate verification code (as found on `err.code` or
 * `socket.authorizationError`). Returns undefined for codes that are not about the certificate.
 */
export function describeTlsVerifyError(
  code: string,
  info: { host?: string | undefined; cert?: CertificateNames | undefined } = {},
): string | undefined {
  switch (code) {
    case 'CERT_HAS_EXPIRED': {
      const validTo = info.cert?.valid_to ? new Date(info.cert.valid_to) : undefined;
      const on = validTo && !Number.isNaN(validTo.getTime()) ? ` on ${validTo.toISOString().slice(0, 10)}` : '';
      return `TLS certificate expired${on}`;
    }
    case 'CERT_NOT_YET_VALID':
      return 'TLS certificate is not valid yet';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'TLS certificate is self-signed (not issued by a trusted authority)';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'TLS certificate chain ends in an untrusted self-signed root';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'TLS certificate issuer is not trusted (unknown authority or incomplete chain)';
    case 'CERT_REVOKED':
      return 'TLS certificate has been revoked';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = certificateHostNames(info.cert);
      const isFor = names.length > 0 ? `certificate is for ${names.join(', ')}` : 'certificate names no host';
      return `TLS hostname mismatch: ${isFor}${info.host ? `, not ${info.host}` : ''}`;
    }
    case 'CERT_SIGNATURE_FAILURE':
    case 'CERT_UNTRUSTED':
    case 'CERT_REJECTED':
    case 'INVALID_CA':
    case 'INVALID_PURPOSE':
    case 'PATH_LENGTH_EXCEEDED':
      return `TLS certificate rejected (${code})`;
    default:
      return undefined;
  }
}

/** One line describing why a connection failed. Never includes request headers or bodies. */
export function describeNetworkError(err: unknown, context: NetworkErrorContext = {}): string {
  if (context.signal?.aborted || isAbortError(err)) return timeoutMessage(context.timeoutMs);

  const root = rootNetworkError(err);
  const host = context.host ?? root?.hostname ?? root?.address;
  const port = context.port ?? root?.port;
  const target = formatEndpoint(host, port);
  // Say which address refused when the name resolved to something less obvious.
  const resolved = root?.address && root.address !== host ? ` (${root.address})` : '';

  const code = root?.code;
  switch (code) {
    case 'ENOTFOUND':
      return `DNS lookup failed for ${root?.hostname ?? host ?? 'the host'}`;
    case 'EAI_AGAIN':
      return `DNS lookup failed for ${root?.hostname ?? host ?? 'the host'} (the resolver did not answer)`;
    case 'ECONNREFUSED':
      return `Connection refused by ${target}${resolved}`;
    case 'ECONNRESET':
      return `Connection reset by ${target}`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Connection to ${target} timed out`;
    case 'EHOSTUNREACH':
      return `Host unreachable: ${target}`;
    case 'ENETUNREACH':
      return `Network unreachable for ${target}`;
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `Connection closed by ${target} before the response was complete`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `No response headers from ${target} in time`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `Response body from ${target} stalled`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS handshake with ${target} failed: the server did not answer with TLS`;
    case undefined:
      break;
    default: {
      const tls = describeTlsVerifyError(code, { host, cert: root?.cert });
      if (tls) return tls;
      if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
        return `TLS handshake with ${target} failed: ${root?.reason ?? code}`;
      }
    }
  }
  // fetch refuses ports on the browser "bad ports" list (e.g. 1, 25, 6000) before connecting.
  if (root?.message === 'bad port') return `Port ${port ?? '?'} is blocked by fetch as unsafe`;
  const message = root?.message || (err instanceof Error ? err.message : String(err));
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Replaces every occurrence of the given secret values with "[redacted]". A last line of defence
 * for text built from outside sources (server error messages, echoed headers).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const values = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return values.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
