/**
 * Password hashing with scrypt (node:crypto, no native add-on) and a per-password random salt.
 * The stored string names its parameters, so they can be raised later without breaking logins:
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const minPasswordLength = 12;
export const maxPasswordLength = 1024;

// N = 2^15, r = 8 (OWASP's scrypt minimum is 2^17 with r=8 at p=1 for *interactive* use on big
// servers; 2^15 keeps a login under ~100 ms on a 2-core box while still costing 32 MiB per guess).
const defaults = { logN: 15, r: 8, p: 1 };
const keyLength = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, defaults.logN, defaults.r, defaults.p);
  return ['scrypt', defaults.logN, defaults.r, defaults.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison of the derived key; a malformed stored value never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing in particular: verifying against it when an email is unknown makes a failed
 * login take as long as a wrong password, so timing does not tell which accounts exist.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < minPasswordLength) return `must be at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `must be at most ${maxPasswordLength} characters`;
  return undefined;
}
