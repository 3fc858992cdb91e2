/**
 * The page shell: pinned local assets only (no CDN, no inline script — the CSP allows only our
 * own files), htmx + its WebSocket extension, and the one live connection of the page.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { IconSprite } from './components/status-icon.tsx';

export interface LayoutProps {
  title: string;
  children: Child;
  /** Extra class on <body> (board, embed themes). */
  bodyClass?: string;
  /** Stylesheets; the dashboard's by default. */
  styles?: string[];
  /** Extra assets for one page (the detail page's chart). */
  head?: Child;
  /** Page scripts, loaded after htmx (deferred, in order). */
  scripts?: string[];
  /** The page's live connection (`/ws?view=…`); pages without one stay static. */
  wsUrl?: string;
  /**
   * Sent as a header on every htmx request of the page. Access control fills in its CSRF token
   * here: the one place all page POSTs ("Check now") pick it up.
   */
  requestHeaders?: Record<string, string>;
  /** The server's clock when rendering, so ticking relative times can correct for a skewed client clock. */
  serverNow?: Date;
  /**
   * False hides every "Check now" button (CSS on <body>): live fragments are rendered once for
   * all viewers of a page, so who may press it is decided here, per page.
   */
  canCheck?: boolean;
}

export function Layout({ title, children, bodyClass, styles = ['/public/app.css'], head, scripts = [], wsUrl, requestHeaders, serverNow, canCheck = true }: LayoutProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <title>{title} · Integration Health</title>
          <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
          {styles.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {head}
          <script src="/public/vendor/htmx-2.0.11.min.js" defer></script>
          {wsUrl ? <script src="/public/vendor/htmx-ext-ws-2.0.4.min.js" defer></script> : null}
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
        </head>
        <body
          class={bodyClass}
          data-server-now={serverNow ? String(serverNow.getTime()) : undefined}
          data-can-check={canCheck ? undefined : 'false'}
          hx-ext={wsUrl ? 'ws' : undefined}
          ws-connect={wsUrl}
          hx-headers={requestHeaders && Object.keys(requestHeaders).length ? JSON.stringify(requestHeaders) : undefined}
        >
          <IconSprite />
          {children}
        </body>
      </html>
    </>
  );
}
