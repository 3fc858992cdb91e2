/**
 * Names of the `${…}` placeholders an export writes in place of secrets. Convention (documented
 * in the README): the item's identity, then the field, then any nested key, in upper snake case:
 *   integration billing-api, secretHeaders.Authorization → BILLING_API_SECRET_HEADERS_AUTHORIZATION
 *   integration db, password                              → DB_PASSWORD
 *   push integration nightly-backup                       → NIGHTLY_BACKUP_PUSH_TOKEN
 *   alert channel "Ops webhook", secret                   → CHANNEL_OPS_WEBHOOK_SECRET
 * Two items that would share a name get _2, _3… so every secret has its own variable.
 */
export class PlaceholderNames {
  readonly #taken = new Set<string>();

  /** A fresh variable name for these parts; `${NAME}` is what goes in the file. */
  claim(...parts: string[]): string {
    const base = parts.map(upperSnake).filter(Boolean).join('_') || 'SECRET';
    const safe = /^[0-9]/.test(base) ? `_${base}` : base;
    let name = safe;
    for (let n = 2; this.#taken.has(name); n++) name = `${safe}_${n}`;
    this.#taken.add(name);
    return name;
  }

  /** Every name claimed so far, in order. */
  get names(): string[] {
    return [...this.#taken];
  }
}

/** "secretHeaders" → "SECRET_HEADERS", "X-Api-Key" → "X_API_KEY", "billing-api" → "BILLING_API". */
export function upperSnake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
