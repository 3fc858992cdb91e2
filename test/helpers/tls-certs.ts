/**
 * Test certificates made on the fly with `selfsigned`: a test CA, leaf certificates it signs with
 * chosen names and validity, plain self-signed certificates, and a TLS server on 127.0.0.1:0
 * presenting any of them. EC keys keep generation fast.
 */
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';

const DAY_MS = 86_400_000;

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface CertOptions {
  commonName: string;
  /** DNS names; 127.0.0.1 is always added as an IP name so loopback tests can match by IP. */
  dnsNames?: string[];
  /** Validity relative to now, in days (negative = in the past). */
  validFromDays?: number;
  validToDays: number;
}

function validity(options: CertOptions) {
  const now = Date.now();
  return {
    notBeforeDate: new Date(now + (options.validFromDays ?? -1) * DAY_MS),
    notAfterDate: new Date(now + options.validToDays * DAY_MS),
  };
}

function leafExtensions(options: CertOptions) {
  return [
    { name: 'basicConstraints' as const, cA: false },
    { name: 'keyUsage' as const, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage' as const, serverAuth: true },
    {
      name: 'subjectAltName' as const,
      altNames: [
        ...(options.dnsNames ?? [options.commonName]).map((value) => ({ type: 2 as const, value })),
        { type: 7 as const, ip: '127.0.0.1' },
      ],
    },
  ];
}

export async function createTestCa(commonName = 'Integration Health Test CA'): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 3650 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A leaf certificate signed by `ca`. */
export async function issueCert(ca: KeyAndCert, options: CertOptions): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: options.commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(options),
    extensions: leafExtensions(options),
    ca,
  });
  return { key: pems.private, cert: pems.cert };
}

/** A certificate that signs itself (no authority vouches for it). */
export async function selfSignedCert(options: CertOptions): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: options.commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(options),
    extensions: leafExtensions(options),
  });
  return { key: pems.private, cert: pems.cert };
}

export interface TlsTarget {
  port: number;
  close: () => Promise<void>;
}

/** A TLS server on 127.0.0.1:0 that completes the handshake and hangs up. */
export async function startTlsServer(identity: KeyAndCert): Promise<TlsTarget> {
  const server = tls.createServer({ key: identity.key, cert: identity.cert }, (socket) => socket.end());
  // Clients that reject the certificate reset the connection; that is expected, not a test failure.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
