/**
 * `/login`, `/logout` and the first-run `/setup` link. Plain HTML forms (they work without
 * JavaScript); the auth middleware has already refused cross-site posts.
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.ts';
import { AppError } from '../http/errors.ts';
import { readForm } from '../http/form.ts';
import { clientAddress } from '../middleware/auth/client.ts';
import { principalOf } from '../middleware/auth/principal.ts';
import { safeNext } from '../middleware/auth/responses.tsx';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../middleware/auth/session-cookie.ts';
import { dummyPasswordHash, verifyPassword } from '../security/passwords.ts';
import { completeSetup, isSetupToken, needsSetup } from '../services/first-admin.ts';
import { beginLoginAttempt, loginSucceeded } from '../services/login-limit.ts';
import { createSession, deleteSession } from '../services/sessions.ts';
import { LoginPage } from '../../views/pages/auth/login.tsx';
import { SetupPage } from '../../views/pages/auth/setup.tsx';
import { ProblemPage } from '../../views/pages/auth/problem.tsx';

export function authRoutes(app: AppContext) {
  const signIn = async (c: Context, userId: number, next: string) => {
    const session = await createSession(app, userId, readSessionCookie(c));
    writeSessionCookie(c, app.config, session.token);
    c.header('Cache-Control', 'no-store');
    return c.redirect(safeNext(next), 303);
  };

  return new Hono()
    .get('/login', (c) => {
      const next = safeNext(c.req.query('next'));
      if (principalOf(c).kind === 'user') return c.redirect(next, 302);
      c.header('Cache-Control', 'no-store');
      const notice = c.req.query('signed-out') !== undefined ? 'You are signed out.' : undefined;
      return c.html(<LoginPage next={next} {...(notice ? { notice } : {})} />);
    })
    .post('/login', async (c) => {
      const form = await readForm(c);
      const email = (form.email ?? '').trim().toLowerCase().slice(0, 254);
      const next = safeNext(form.next);
      const password = form.password ?? '';
      try {
        const attempt = await beginLoginAttempt(app, email, clientAddress(c, app.config));
        const user = email ? await app.db.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } }) : null;
        // Unknown emails cost a full hash too, so the answer time does not reveal accounts.
        const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user || !valid) {
          app.log.info({ address: clientAddress(c, app.config) }, 'login failed');
          c.status(401);
          return c.html(<LoginPage next={next} email={email} error="Email or password is wrong." />);
        }
        await loginSucceeded(app, attempt);
        app.log.info({ userId: user.id }, 'signed in');
        return await signIn(c, user.id, next);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'rate_limited') throw error;
        c.header('Retry-After', String(error.retryAfter ?? 60));
        c.status(429);
        return c.html(<LoginPage next={next} email={email} error={error.message} />);
      }
    })
    .post('/logout', async (c) => {
      const principal = principalOf(c);
      if (principal.kind === 'user') await deleteSession(app, principal.sessionIdHash);
      clearSessionCookie(c, app.config);
      c.header('Cache-Control', 'no-store');
      if (c.req.header('hx-request') === 'true') {
        c.header('HX-Redirect', '/login?signed-out');
        return c.body(null, 204);
      }
      return c.redirect('/login?signed-out', 303);
    })
    .get('/setup', async (c) => {
      c.header('Cache-Control', 'no-store');
      const token = c.req.query('token') ?? '';
      if (!(await needsSetup(app))) return c.html(<ProblemPage title="Setup is complete" message="An admin already exists: sign in instead." signedIn={false} />, 410);
      if (!isSetupToken(app, token)) return c.html(<ProblemPage title="Link not valid" message="This setup link is not valid. Copy the link from the server's log." signedIn={false} />, 403);
      return c.html(<SetupPage token={token} />);
    })
    .post('/setup', async (c) => {
      const form = await readForm(c);
      const token = form.token ?? '';
      try {
        const id = await completeSetup(app, token, { email: form.email ?? '', password: form.password ?? '', confirm: form.confirm ?? '' });
        return await signIn(c, id, '/admin/integrations');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'forbidden') return c.html(<ProblemPage title="Link not valid" message={error.message} signedIn={false} />, 403);
        if (error.code === 'conflict') return c.html(<ProblemPage title="Setup is complete" message={error.message} signedIn={false} />, 410);
        const errors = Object.fromEntries(error.issues.map((issue) => [String(issue.path[0] ?? ''), issue.message]));
        return c.html(<SetupPage token={token} email={form.email ?? ''} errors={errors} />, 422);
      }
    });
}
