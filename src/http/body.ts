/** Reads a JSON request body, answering bad JSON with a 400 that says so (not a 500). */
import type { Context } from 'hono';
import { AppError } from './errors.ts';

export const maxJsonBodyBytes = 256 * 1024;

export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new AppError('invalid_input', 'Send a JSON body with Content-Type: application/json', { issues: [{ path: [], message: 'expected application/json' }] });
  }
  const text = await c.req.text();
  if (text.length > maxJsonBodyBytes) throw new AppError('invalid_input', `Body too large (limit ${maxJsonBodyBytes} bytes)`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', `Body is not valid JSON: ${(error as Error).message}`, { issues: [{ path: [], message: 'invalid JSON' }] });
  }
}
