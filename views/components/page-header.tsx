/** The top bar shared by every page but the board and the embed: brand, navigation, account, live indicator. */
import type { Child } from 'hono/jsx';
import { SignOutForm } from './sign-out.tsx';

/** Who is looking, as far as the header cares: what to link to and whether to offer sign-in or sign-out. */
export type HeaderAccount =
  | { kind: 'user'; email: string; csrfToken: string; admin: boolean }
  | { kind: 'anonymous'; next: string }
  /** A Bearer or kiosk token: nothing to sign into or out of. */
  | { kind: 'token'; admin: boolean };

function AccountControls({ account }: { account: HeaderAccount }) {
  if (account.kind === 'user') {
    return <SignOutForm email={account.email} csrfToken={account.csrfToken} class="account" />;
  }
  if (account.kind === 'anonymous') {
    return (
      <a class="account" href={`/login?next=${encodeURIComponent(account.next)}`}>
        Sign in
      </a>
    );
  }
  return null;
}

export function ConnectionIndicator() {
  // public/live.js flips data-conn (connecting → live → reconnecting…); the text says it, not just the dot.
  return (
    <span class="conn" data-conn="connecting" role="status">
      <span class="conn-dot" aria-hidden="true"></span>
      <span class="conn-text">Connecting…</span>
    </span>
  );
}

export type PageSection = 'dashboard' | 'board' | 'detail' | 'alerts' | 'admin';

/**
 * The top bar of every page but the wall board and the embed card. `live` shows the connection
 * indicator (pages with a WebSocket); `children` go between the navigation and the account.
 */
export function PageHeader({ current, children, live = true, account }: { current: PageSection; children?: Child; live?: boolean; account?: HeaderAccount }) {
  // Without an account (pages rendered outside a request's access control) every link shows.
  const admin = account === undefined || (account.kind !== 'anonymous' && account.admin);
  const member = account === undefined || account.kind !== 'anonymous';
  const link = (section: PageSection, href: string, text: string) => (
    <a href={href} aria-current={current === section ? 'page' : undefined}>
      {text}
    </a>
  );
  return (
    <header class="topbar">
      <a class="brand" href="/integrations/health">
        <img src="/public/favicon.svg" alt="" width="22" height="22" /> Integration Health
      </a>
      <nav aria-label="Main">
        {link('dashboard', '/integrations/health', 'Dashboard')}
        {link('board', '/board', 'Wall board')}
        {member ? link('alerts', '/alerts', 'Alerts') : null}
        {admin ? link('admin', '/admin/integrations', 'Admin') : null}
      </nav>
      {children}
      {account ? <AccountControls account={account} /> : null}
      {live ? <ConnectionIndicator /> : null}
    </header>
  );
}

export function SkipLink() {
  return (
    <a class="skip-link" href="#main">
      Skip to content
    </a>
  );
}

/** Polite announcements of status changes (filled by pushed fragments; dashboard and detail only). */
export function Announcer() {
  return <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="false"></div>;
}
