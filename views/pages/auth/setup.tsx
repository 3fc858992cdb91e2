/** `/setup?token=…`: the one-time first-run page that creates the first admin. */
import { AuthPage, FormError } from './auth-page.tsx';

export interface SetupPageProps {
  token: string;
  email?: string;
  errors?: Record<string, string>;
  error?: string;
}

export function SetupPage({ token, email, errors = {}, error }: SetupPageProps) {
  return (
    <AuthPage title="Create the first admin">
      <h1>Create the first admin</h1>
      <p>This link works once: as soon as the first admin exists it stops working.</p>
      <FormError message={error} />
      <form method="post" action="/setup" class="stack">
        <input type="hidden" name="token" value={token} />
        <label>
          Email
          <input type="email" name="email" value={email ?? ''} autocomplete="username" required autofocus aria-invalid={errors.email ? 'true' : undefined} />
          {errors.email ? <span class="field-error">{errors.email}</span> : null}
        </label>
        <label>
          Password (at least 12 characters)
          <input type="password" name="password" autocomplete="new-password" required minlength={12} aria-invalid={errors.password ? 'true' : undefined} />
          {errors.password ? <span class="field-error">{errors.password}</span> : null}
        </label>
        <label>
          Repeat the password
          <input type="password" name="confirm" autocomplete="new-password" required aria-invalid={errors.confirm ? 'true' : undefined} />
          {errors.confirm ? <span class="field-error">{errors.confirm}</span> : null}
        </label>
        <button type="submit" class="primary">
          Create admin and sign in
        </button>
      </form>
    </AuthPage>
  );
}
