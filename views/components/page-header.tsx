/** The top bar shared by the dashboard and detail pages: brand, navigation, live indicator. */
import type { Child } from 'hono/jsx';

export function ConnectionIndicator() {
  // public/live.js flips data-conn (connecting → live → reconnecting…); the text says it, not just the dot.
  return (
    <span class="conn" data-conn="connecting" role="status">
      <span class="conn-dot" aria-hidden="true"></span>
      <span class="conn-text">Connecting…</span>
    </span>
  );
}

export function PageHeader({ current, children, live = true }: { current: 'dashboard' | 'board' | 'detail'; children?: Child; live?: boolean }) {
  return (
    <header class="topbar">
      <a class="brand" href="/integrations/health">
        <img src="/public/favicon.svg" alt="" width="22" height="22" /> Integration Health
      </a>
      <nav aria-label="Main">
        <a href="/integrations/health" aria-current={current === 'dashboard' ? 'page' : undefined}>
          Dashboard
        </a>
        <a href="/board">Wall board</a>
        <a href="/admin/integrations">Admin</a>
      </nav>
      {children}
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
