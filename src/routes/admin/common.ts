/** Small helpers shared by the admin routes: who is looking, form values, how to finish a post. */
import type { Context } from 'hono';
import { principalOf } from '../../middleware/auth/principal.ts';
import type { AdminViewer } from '../../../views/pages/admin/admin-page.tsx';
import { readForm } from '../../http/form.ts';

export function viewerOf(c: Context): AdminViewer {
  const principal = principalOf(c);
  return principal.kind === 'user' ? { email: principal.user.email, csrfToken: principal.csrfToken } : { email: undefined, csrfToken: undefined };
}

/** The acting user's id, or null for an API token (which has no "yourself"). */
export function actingUserId(c: Context): number | null {
  const principal = principalOf(c);
  return principal.kind === 'user' ? principal.user.id : null;
}

/** Submitted form fields as strings (see src/http/form.ts). */
export const formOf = readForm;

export function isHtmx(c: Context): boolean {
  return c.req.header('hx-request') === 'true';
}

/** After a successful post: htmx follows HX-Redirect, a plain form the 303. */
export function finish(c: Context, location: string): Response {
  if (isHtmx(c) && c.req.header('hx-boosted') !== 'true') {
    c.header('HX-Redirect', location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}

/** Admin pages can show freshly created tokens and configuration: never cache them. */
export function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
}

export function idParam(c: Context): number {
  const id = Number(c.req.param('id'));
  return Number.isSafeInteger(id) && id > 0 ? id : -1;
}
