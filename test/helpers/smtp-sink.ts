/**
 * A real SMTP server on loopback for tests: collects every accepted message parsed by
 * mailparser. It can reject chosen recipients with 550, require a login, stall the greeting,
 * and be stopped and started again on the same port (to test "server down" and recovery).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkOptions {
  /** When set, clients must log in with one of these user → password pairs. */
  users?: Record<string, string>;
  /** Delay before the greeting, to make clients time out. */
  greetingDelayMs?: number;
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** User name the client logged in with, if any. */
  user: string | undefined;
  raw: string;
  parsed: ParsedMail;
}

export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Recipients answered with "550 5.1.1 mailbox unavailable". Mutable between sends. */
  readonly rejectRecipients = new Set<string>();
  private server: SMTPServer | undefined;
  private boundPort = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  get port(): number {
    return this.boundPort;
  }

  /** Listens on 127.0.0.1, on the previous port when restarting, else an ephemeral one. */
  async start(): Promise<this> {
    const requireAuth = this.options.users !== undefined;
    const server = new SMTPServer({
      secure: false,
      // No STARTTLS: the sink's self-signed certificate would fail the client's verification.
      disabledCommands: requireAuth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !requireAuth,
      allowInsecureAuth: true,
      logger: false,
      closeTimeout: 100,
      onConnect: (_session, callback) => {
        if (!this.options.greetingDelayMs) return callback();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          callback();
        }, this.options.greetingDelayMs);
        this.timers.add(timer);
      },
      onAuth: (auth, _session, callback) => {
        const expected = this.options.users?.[auth.username ?? ''];
        if (expected !== undefined && auth.password === expected) return callback(null, { user: auth.username });
        const error = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
        callback(error);
      },
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients.has(address.address)) {
          return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          // Recorded before answering, so the message is here when the client's send resolves.
          simpleParser(raw).then(
            (parsed) => {
              this.messages.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                },
                user: typeof session.user === 'string' ? session.user : undefined,
                raw,
                parsed,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  return new SmtpSink(options).start();
}
