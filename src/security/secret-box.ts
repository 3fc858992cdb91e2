/**
 * Secrets at rest: AES-256-GCM with a key derived from SECRET_KEY. Each value carries a key id
 * (first 8 hex chars of SHA-256 of the key) so that after a rotation (SECRET_KEY = new key,
 * SECRET_KEY_PREVIOUS = old key) old values still decrypt and are re-encrypted when next saved.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

interface Key {
  id: string;
  bytes: Buffer;
}

function deriveKey(secret: string): Key {
  const bytes = createHash('sha256').update(`integration-health:secrets:${secret}`).digest();
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export class SecretBox {
  readonly #current: Key;
  readonly #keys: Map<string, Key>;

  constructor(secretKey: string, previousKeys: readonly string[] = []) {
    this.#current = deriveKey(secretKey);
    this.#keys = new Map([this.#current, ...previousKeys.map(deriveKey)].map((key) => [key.id, key]));
  }

  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.bytes, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.#current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined) throw new Error('stored secret has an unknown format');
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`stored secret was encrypted with another SECRET_KEY (key id ${keyId}); set SECRET_KEY_PREVIOUS to the old key`);
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  encryptJson(value: Record<string, unknown>): string | null {
    return Object.keys(value).length === 0 ? null : this.encrypt(JSON.stringify(value));
  }

  decryptJson(sealed: string | null | undefined): Record<string, unknown> {
    return sealed ? (JSON.parse(this.decrypt(sealed)) as Record<string, unknown>) : {};
  }

  /**
   * A key for another job (e.g. the first-admin setup link), derived from the current key so the
   * encryption key itself never signs anything. Changes when SECRET_KEY is rotated.
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.#current.bytes).update(`integration-health:${purpose}`).digest();
  }

  /** True when the value was sealed with an older key and should be re-encrypted. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.#current.id;
  }
}
