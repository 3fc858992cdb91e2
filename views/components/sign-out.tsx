/** Who is signed in and a Sign out button: a plain form (works without JavaScript) carrying the session's CSRF token. */
export function SignOutForm({ email, csrfToken, class: className }: { email: string; csrfToken: string | undefined; class: string }) {
  return (
    <form method="post" action="/logout" class={className}>
      {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
      <span class="who">{email}</span> <button type="submit">Sign out</button>
    </form>
  );
}
