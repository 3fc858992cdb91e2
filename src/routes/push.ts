/** `GET|POST /api/v1/push/:token` — heartbeats from the jobs that `push` integrations watch. */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.ts';
import { recordPush } from '../services/checks.ts';

export function pushRoutes(app: AppContext) {
  const handle = async (c: Context) => {
    // Query parameters work for both verbs (curl-friendly); a JSON or form body may add to them.
    const input: Record<string, unknown> = { ...c.req.query() };
    if (c.req.method === 'POST') {
      const type = c.req.header('content-type') ?? '';
      if (type.includes('application/json')) Object.assign(input, await c.req.json().catch(() => ({})));
      else if (type.includes('form')) Object.assign(input, await c.req.parseBody());
    }
    const recorded = await recordPush(app, c.req.param('token') ?? '', input);
    return c.json({ ok: true, ...recorded });
  };
  return new Hono().get('/:token', handle).post('/:token', handle);
}
