/**
 * Signed badge URLs for private integrations.
 *
 * sig = base64url(first 16 bytes of HMAC-SHA256(badgeKey, `${slug}:${metric}`))
 * badgeKey = HMAC-SHA256(secretKey, "integration-health/badge-signing/v1")
 *
 * The badge key is derived rather than using SECRET_KEY directly so the same secret never signs
 * two kinds of thing (SECRET_KEY also encrypts secrets at rest). 16 bytes (128 bits) is far past
 * guessing range and keeps URLs short. The signature covers slug and metric, not window,
 * percentile or label: one signed URL per metric is what people paste, and those only change how
 * the same fact is shown. Rotating SECRET_KEY invalidates every signed badge URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BadgeMetric } from './types.ts';

const SIGNATURE_BYTES = 16;
const KEY_CONTEXT = 'integration-health/badge-signing/v1';

const derivedKeys = new Map<string, Buffer>();

function badgeKey(secretKey: string): Buffer {
  let key = derivedKeys.get(secretKey);
  if (!key) {
    key = createHmac('sha256', secretKey).update(KEY_CONTEXT).digest();
    // One app has one or two secrets (during rotation); the cap only guards against misuse.
    if (derivedKeys.size >= 8) derivedKeys.clear();
    derivedKeys.set(secretKey, key);
  }
  return key;
}

/** The `sig` query value that opens `metric` badges of a private integration. */
export function signBadge(secretKey: string, slug: string, metric: BadgeMetric): string {
  if (!secretKey) throw new Error('signBadge: secretKey must be a non-empty string (set SECRET_KEY)');
  return createHmac('sha256', badgeKey(secretKey))
    .update(`${slug}:${metric}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString('base64url');
}

/** Constant-time check of a `sig` query value; false for anything missing or malformed. */
export function verifyBadgeSignature(
  secretKey: string,
  slug: string,
  metric: BadgeMetric,
  sig: string | undefined,
): boolean {
  if (!sig) return false;
  const expected = Buffer.from(signBadge(secretKey, slug, metric), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  // Length is public (it is fixed), so comparing it first leaks nothing.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
