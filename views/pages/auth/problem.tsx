/** What a browser sees instead of a page it may not open (403) or a link that no longer works (401). */
import { AuthPage } from './auth-page.tsx';

export function ProblemPage({ title, message, signedIn }: { title: string; message: string; signedIn: boolean }) {
  return (
    <AuthPage title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/integrations/health">Dashboard</a>
        {signedIn ? null : (
          <>
            {' · '}
            <a href="/login">Sign in</a>
          </>
        )}
      </p>
    </AuthPage>
  );
}
