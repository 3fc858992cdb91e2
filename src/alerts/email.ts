/**
 * Email channel: one message per event over SMTP (nodemailer). Server settings come from the
 * SMTP_* environment variables (`ctx.smtp`), so a channel's config holds only recipients and
 * nothing secret.
 */
import type nodemailer from 'nodemailer';
import { z } from 'zod';
import { DeliveryError, redactSecrets } from './errors.ts';
import { EVENT_LABELS, headline, isHttpUrl, summaryFields } from './format.ts';
import { defineAlertChannel, type AlertEvent, type AlertSendContext, type SmtpSettings } from './types.ts';

export const emailConfigSchema = z.object({
  to: z
    .array(z.email({ error: 'must be an email address' }))
    .min(1, { error: 'add at least one recipient' })
    .max(20, { error: 'at most 20 recipients per channel' })
    .describe('Recipients, e.g. ["oncall@example.com"]'),
  subjectPrefix: z
    .string()
    .trim()
    .max(40)
    .regex(/^[^\r\n]*$/, { error: 'must be on one line' })
    .optional()
    .describe('Text put before every subject, e.g. "[prod]"'),
});
export type EmailConfig = z.output<typeof emailConfigSchema>;

export interface BuiltEmail {
  subject: string;
  text: string;
  html: string;
}

/** Pure: the message for an event. Every value in the HTML is escaped. */
export function buildEmail(event: AlertEvent, config: EmailConfig): BuiltEmail {
  const { name, slug } = event.integration;
  const prefix = config.subjectPrefix ? `${config.subjectPrefix} ` : '';
  const subject = oneLine(`${prefix}[${EVENT_LABELS[event.type]}] ${name} (${slug})`);
  const title = headline(event);
  const fields = summaryFields(event);
  const link = isHttpUrl(event.detailUrl) ? event.detailUrl : undefined;

  const width = Math.max(...fields.map((field) => field.label.length)) + 2;
  const text = [
    `${title}.`,
    '',
    ...fields.map((field) => `${`${field.label}:`.padEnd(width)}${field.value}`),
    '',
    ...(link ? [`Details: ${link}`, ''] : []),
    '-- ',
    'Integration Health',
  ].join('\n');

  const rows = fields
    .map(
      (field) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;vertical-align:top">${escapeHtml(field.label)}</th>` +
        `<td style="padding:4px 0">${escapeHtml(field.value)}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;font-size:14px;color:#111">',
    `<h2 style="margin:0 0 12px">[${escapeHtml(EVENT_LABELS[event.type])}] ${escapeHtml(title)}</h2>`,
    `<table cellspacing="0" cellpadding="0">${rows}</table>`,
    link ? `<p><a href="${escapeHtml(link)}">Open ${escapeHtml(name)} in Integration Health</a></p>` : '',
    '<p style="color:#555;font-size:12px">Sent by Integration Health.</p>',
    '</body></html>',
  ].join('');

  return { subject, text, html };
}

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

export const emailChannel = defineAlertChannel({
  name: 'email',
  description: 'Email over SMTP (server set with the SMTP_* environment variables)',
  configSchema: emailConfigSchema,
  secretFields: [],
  async send(event, config, ctx) {
    if (!ctx.smtp) {
      throw new DeliveryError('SMTP is not configured: set SMTP_HOST and SMTP_FROM', { permanent: true });
    }
    const message = buildEmail(event, config);
    const info = await sendWithTimeout(ctx.smtp, ctx, {
      from: ctx.smtp.from,
      to: config.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      // Stable across retries, so a duplicate (sent, but the answer was lost) threads as one mail.
      messageId: `<${event.id.replace(/[^A-Za-z0-9._-]/g, '')}@integration-health>`,
      headers: { 'X-Integration-Health-Event': event.id },
    });
    const rejected = info.rejected.map((address) => (typeof address === 'string' ? address : address.address));
    const detail = rejected.length
      ? `accepted by ${ctx.smtp.host} for ${info.accepted.length} of ${config.to.length} recipients; rejected: ${rejected.join(', ')}`
      : `accepted by ${ctx.smtp.host} for ${info.accepted.length} recipient${info.accepted.length === 1 ? '' : 's'}`;
    return { detail };
  },
});

type MailOptions = Parameters<nodemailer.Transporter['sendMail']>[0];
type SentInfo = { accepted: Array<string | { address: string }>; rejected: Array<string | { address: string }> };

/**
 * nodemailer has no AbortSignal support, so the attempt's budget is enforced twice: its own
 * connection/greeting/socket timeouts, and closing the transport when our deadline or the
 * caller's signal fires (a server that trickles bytes never trips the socket timeout).
 */
async function sendWithTimeout(smtp: SmtpSettings, ctx: AlertSendContext, mail: MailOptions): Promise<SentInfo> {
  const stepTimeout = Math.max(1000, Math.min(ctx.timeoutMs, 15_000));
  // Loaded on the first email (~15 MB of memory an instance without an email channel never needs).
  const { createTransport } = (await import('nodemailer')).default;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    connectionTimeout: stepTimeout,
    greetingTimeout: stepTimeout,
    socketTimeout: stepTimeout,
    dnsTimeout: stepTimeout,
  });
  const where = `${smtp.host}:${smtp.port}`;
  const deadline = AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]);
  let onAbort: (() => void) | undefined;
  try {
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        transport.close();
        const message = ctx.signal.aborted
          ? `delivery to ${where} was cancelled`
          : `SMTP server ${where} did not finish within ${ctx.timeoutMs} ms`;
        reject(new DeliveryError(message, { permanent: false }));
      };
      if (deadline.aborted) onAbort();
      else deadline.addEventListener('abort', onAbort, { once: true });
    });
    return (await Promise.race([transport.sendMail(mail), aborted])) as SentInfo;
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw classifySmtpError(error, where, smtp);
  } finally {
    if (onAbort) deadline.removeEventListener('abort', onAbort);
    transport.close();
  }
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * SMTP reply 5xx is permanent (550 no such mailbox, 535 bad credentials: retrying cannot help);
 * 4xx is the server saying "later" (greylisting, mailbox busy); connection trouble is retried.
 * nodemailer's own API errors without a reply (missing credentials, invalid address) are
 * configuration mistakes, hence permanent.
 */
function classifySmtpError(error: unknown, where: string, smtp: SmtpSettings): DeliveryError {
  const err = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const secrets = [smtp.pass];
  const reply = err.response ? redactSecrets(oneLine(err.response), secrets).slice(0, 200) : '';
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  if (code !== undefined) {
    const what = err.code === 'EAUTH' ? 'refused the login' : 'rejected the message';
    return new DeliveryError(`SMTP server ${where} ${what}: ${reply || code}`, { permanent: code >= 500, status: code });
  }
  // Errors raised before the server said anything: bad credentials config, bad addresses,
  // REQUIRETLS unsupported. Everything else (refused, reset, timeout, DNS, TLS) may pass.
  const configurationCodes = ['EAUTH', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS'];
  const cause = redactSecrets(oneLine(err.message ?? err.code ?? 'unknown error'), secrets).slice(0, 200);
  if (err.code && configurationCodes.includes(err.code)) {
    return new DeliveryError(`SMTP delivery via ${where} failed: ${cause}`, { permanent: true });
  }
  return new DeliveryError(`could not talk to SMTP server ${where}: ${cause}`, { permanent: false });
}
