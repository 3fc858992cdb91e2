/** `/login`: email and password; `next` brings the person back to the page they asked for. */
import { AuthPage, FormError } from './auth-page.tsx';

export interface LoginPageProps {
  next: string;
  email?: string;
  error?: string;
  /** Shown after a logout or an expired session. */
  notice?: string;
}

export function LoginPage({ next, email, error, notice }: LoginPageProps) {
  return (
    <AuthPage title="Sign in">
      <h1>Sign in</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      <FormError message={error} />
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <label>
          Email
          <input type="email" name="email" value={email ?? ''} autocomplete="username" required autofocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </AuthPage>
  );
}
