/**
 * `tls` check: a TLS handshake that reports the certificate (names, issuer, validity) and judges
 * trust, hostname and days to expiry. The handshake itself never rejects the certificate: we
 * verify afterwards from `authorized`/`authorizationError`, so an invalid certificate is still
 * described in the details instead of ending as a bare socket error.
 */
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { judgeCertExpiry } from '../conditions/cert-expiry.ts';
import { certificateHostNames, describeNetworkError, describeTlsVerifyError, formatEndpoint, timeoutMessage } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

export const tlsConfigSchema = z
  .object({
    host: z.string().trim().min(1).describe('Host name or IP address to connect to'),
    port: z.number().int().min(1).max(65535).default(443).describe('TLS port'),
    servername: z.string().trim().min(1).optional().describe('Name sent in SNI and checked against the certificate (default: host)'),
    warnDays: z.number().int().min(0).default(14).describe('Report degraded when the certificate expires in fewer days than this'),
    failDays: z.number().int().min(0).default(3).describe('Report down when the certificate expires in fewer days than this'),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe('Report down when the certificate chain is untrusted or does not match the host name'),
    ca: z
      .string()
      .regex(/-----BEGIN CERTIFICATE-----/, 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)')
      .optional()
      .describe('Extra trusted CA certificate(s) in PEM, for services signed by your own authority'),
  })
  .refine((config) => config.failDays <= config.warnDays, {
    message: 'failDays must not be greater than warnDays',
    path: ['failDays'],
  });

export type TlsConfig = z.output<typeof tlsConfigSchema>;

interface Handshake {
  cert: tls.PeerCertificate;
  protocol: string | null;
  authorized: boolean;
  authorizationError: string | undefined;
  handshakeMs: number;
}

/** The usual trust store plus the configured CA: trusting your own CA should not distrust the web. */
function trustedCertificates(extraCa: string | undefined): string[] | undefined {
  if (extraCa === undefined) return undefined;
  const defaults = typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : [...tls.rootCertificates];
  return [...defaults, extraCa];
}

function handshake(config: TlsConfig, ctx: CheckContext): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    if (ctx.signal.aborted) {
      reject(new Error(timeoutMessage(ctx.timeoutMs)));
      return;
    }
    const servername = config.servername ?? config.host;
    const started = performance.now();
    const socket = tls.connect({
      host: config.host,
      port: config.port,
      // SNI may not carry an IP address (RFC 6066); without it Node checks the identity against `host`.
      servername: net.isIP(servername) ? undefined : servername,
      ca: trustedCertificates(config.ca),
      rejectUnauthorized: false,
    });
    const finish = (outcome: () => void) => {
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = () => finish(() => reject(new Error(timeoutMessage(ctx.timeoutMs))));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const result: Handshake = {
        cert: socket.getPeerCertificate(),
        protocol: socket.getProtocol(),
        authorized: socket.authorized,
        // Typed as Error, but Node stores the verification code string here (e.g. CERT_HAS_EXPIRED).
        authorizationError: socket.authorizationError === undefined ? undefined : String(socket.authorizationError),
        handshakeMs: Math.round(performance.now() - started),
      };
      finish(() => resolve(result));
    });
    socket.once('error', (err) => {
      const context = { host: config.host, port: config.port, timeoutMs: ctx.timeoutMs, signal: ctx.signal };
      finish(() => reject(new Error(describeNetworkError(err, context))));
    });
  });
}

function firstName(name: string | string[] | undefined): string | undefined {
  return Array.isArray(name) ? name[0] : name;
}

function certificateDetails(hs: Handshake) {
  const { cert } = hs;
  return {
    subjectCN: firstName(cert.subject?.CN),
    subjectAltNames: certificateHostNames(cert),
    issuer: firstName(cert.issuer?.CN) ?? firstName(cert.issuer?.O),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    protocol: hs.protocol,
    authorized: hs.authorized,
    ...(hs.authorizationError ? { authorizationError: hs.authorizationError } : {}),
  };
}

async function runTlsCheck(config: TlsConfig, ctx: CheckContext): Promise<Observation> {
  const hs = await handshake(config, ctx);
  if (!hs.cert.valid_to) {
    throw new Error(`${formatEndpoint(config.host, config.port)} presented no certificate`);
  }
  const expiry = judgeCertExpiry({
    validFrom: new Date(hs.cert.valid_from),
    validTo: new Date(hs.cert.valid_to),
    now: ctx.now(),
    warnDays: config.warnDays,
    failDays: config.failDays,
  });
  const details = { ...certificateDetails(hs), daysRemaining: expiry.daysRemaining };

  if (config.rejectUnauthorized && !hs.authorized) {
    const code = hs.authorizationError ?? 'UNKNOWN';
    const identity = config.servername ?? config.host;
    const reason = describeTlsVerifyError(code, { host: identity, cert: hs.cert }) ?? `TLS certificate rejected (${code})`;
    return { status: 'down', latencyMs: hs.handshakeMs, message: reason, details };
  }
  return { status: expiry.status, latencyMs: hs.handshakeMs, message: expiry.message, details };
}

export const tlsCheck = defineCheckKind({
  name: 'tls',
  description: 'TLS handshake: certificate trust, host name and days until expiry',
  configSchema: tlsConfigSchema,
  secretFields: [],
  run: runTlsCheck,
});
