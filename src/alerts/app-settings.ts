/**
 * The two things channels take from the instance's configuration rather than from their own:
 * the SMTP server (SMTP_* variables) and the base of links put into messages. Pure.
 */
import type { Config } from '../config.ts';
import type { SmtpSettings } from './types.ts';

export function smtpSettings(config: Pick<Config, 'smtp'>): SmtpSettings | undefined {
  const smtp = config.smtp;
  return smtp ? { host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user, pass: smtp.pass, from: smtp.from } : undefined;
}

/** Base of links sent out: PUBLIC_URL, else the request's origin, else localhost on our port. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'port'>, requestOrigin?: string): string {
  return config.publicUrl ?? requestOrigin ?? `http://localhost:${config.port}`;
}
