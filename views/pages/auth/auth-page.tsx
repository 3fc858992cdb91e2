/** The small centred card shared by the login, setup and "not allowed" pages. */
import type { Child } from 'hono/jsx';
import { Layout } from '../../layout.tsx';

export function AuthPage({ title, children }: { title: string; children: Child }) {
  return (
    <Layout title={title} styles={['/public/app.css', '/public/admin.css']} bodyClass="auth-body">
      <main id="main" class="auth-card">
        <p class="auth-brand">
          <img src="/public/favicon.svg" alt="" width="28" height="28" /> Integration Health
        </p>
        {children}
      </main>
    </Layout>
  );
}

export function FormError({ message }: { message: string | undefined }) {
  return message ? (
    <p class="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
