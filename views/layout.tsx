/** The page shell: pinned local assets only (no CDN), one stylesheet, htmx + its ws extension. */
import type { Child } from 'hono/jsx';

export interface LayoutProps {
  title: string;
  children: Child;
  /** Extra class on <body> (the board uses its own theme). */
  bodyClass?: string;
  /** Extra assets for one page (the detail page's chart). */
  head?: Child;
  scripts?: string[];
}

export function Layout({ title, children, bodyClass, head, scripts = [] }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title} · Integration Health</title>
        <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/public/app.css" />
        {head}
        <script src="/public/vendor/htmx-2.0.11.min.js" defer></script>
        <script src="/public/vendor/htmx-ext-ws-2.0.4.min.js" defer></script>
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body class={bodyClass}>{children}</body>
    </html>
  );
}
