/** Reads an HTML form post (urlencoded or multipart) as plain strings; the CSRF field is left out. */
import type { Context } from 'hono';

export type FormValues = Record<string, string>;

export async function readForm(c: Context): Promise<FormValues> {
  // parseBody is cached by Hono, so the CSRF check may already have read it.
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string' && key !== '_csrf') values[key] = value;
  return values;
}
