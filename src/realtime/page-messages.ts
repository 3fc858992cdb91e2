/**
 * Rendering pushed fragments to strings, and grouping them into WebSocket messages that htmx
 * can parse.
 */
import type { Child } from 'hono/jsx';

export function toHtml(node: Child): string {
  const out = (node as { toString(): unknown }).toString();
  if (typeof out !== 'string' && !(out instanceof String)) throw new Error('a pushed partial rendered asynchronously');
  return String(out);
}

/**
 * Fragments grouped into WebSocket messages that parse cleanly. htmx parses each message inside
 * a <template>, where table rows and table bodies cannot follow other elements (the parser drops
 * them), so rows travel in a message of their own and each table-body wrapper in its own.
 */
export class Messages {
  readonly #body: string[] = [];
  readonly #rows: string[] = [];
  readonly #own: string[] = [];
  body(html: string): void {
    if (html) this.#body.push(html);
  }
  rows(html: string): void {
    if (html) this.#rows.push(html);
  }
  own(html: string): void {
    if (html) this.#own.push(html);
  }
  get empty(): boolean {
    return this.#body.length + this.#rows.length + this.#own.length === 0;
  }
  list(): string[] {
    return [this.#rows.join(''), ...this.#own, this.#body.join('')].filter(Boolean);
  }
}
