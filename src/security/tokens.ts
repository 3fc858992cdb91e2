/**
 * Random bearer secrets (session ids, API tokens, CSRF tokens) and how they are stored: only a
 * SHA-256 of a token is kept, so a database dump does not hand out working credentials. Tokens
 * carry 256 random bits, which is why a plain (unsalted) fast hash is enough here — unlike
 * passwords, there is nothing to guess.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `ih_` + 43 base64url characters; the prefix lets secret scanners recognise a leaked token. */
export function newToken(prefix = 'ih'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Timing-safe equality for two secrets of any length (compares their digests). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
