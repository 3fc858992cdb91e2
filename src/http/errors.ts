/**
 * One error type for everything a caller did wrong or may retry, rendered by one `onError` as
 * `{ "error": { "code", "message", "issues": [{ "path", "message" }] } }` with the right status.
 */
import type { z } from 'zod';

export type ErrorCode = 'invalid_input' | 'unknown_kind' | 'not_found' | 'conflict' | 'rate_limited' | 'unauthorized' | 'forbidden' | 'read_only' | 'unavailable';

const statusByCode: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 429 | 503> = {
  invalid_input: 400,
  unknown_kind: 400,
  unauthorized: 401,
  forbidden: 403,
  read_only: 409,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export interface Issue {
  path: (string | number)[];
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly issues: Issue[];
  /** Seconds, for 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { issues?: Issue[]; retryAfter?: number } = {}) {
    super(message);
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return statusByCode[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, issues: this.issues, ...(this.retryAfter === undefined ? {} : { retryAfterSeconds: this.retryAfter }) } };
  }
}

/** Turns zod issues into our issue list, with paths prefixed (e.g. ["config", "url"]). */
export function issuesFromZod(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: issue.message,
  }));
}

export function invalidInput(error: z.ZodError, prefix: (string | number)[] = []): AppError {
  const issues = issuesFromZod(error, prefix);
  const summary = issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return new AppError('invalid_input', `Invalid input — ${summary}`, { issues });
}
