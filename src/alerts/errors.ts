/**
 * The one error type every channel throws. `permanent` tells the delivery job whether another
 * attempt can succeed: a rejected mailbox or a deleted Slack webhook never will, a timeout or a
 * 503 might. Messages are shown in the UI and logs, so they must never contain secrets (URLs
 * with tokens, passwords): build them from safe parts, never from a raw URL or config value.
 */
export interface DeliveryErrorOptions {
  permanent: boolean;
  /** HTTP status or SMTP reply code, when the peer answered. */
  status?: number;
  /** Seconds the peer asked us to wait (HTTP `Retry-After`), when it said so. */
  retryAfterSeconds?: number;
}

export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: DeliveryErrorOptions) {
    super(message);
    this.name = 'DeliveryError';
    this.permanent = options.permanent;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}

/**
 * Replaces every occurrence of the given secret strings in `text`. A safety net for text that
 * came from a peer (a response body, an SMTP reply) and could echo something we sent.
 * Very short strings are skipped: redacting "a" would shred the message and protect nothing.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}
