/**
 * The shell of every admin page: the site's header (who is signed in, sign out), navigation
 * between the admin sections. The session's CSRF token goes into `hx-headers` (every htmx request) and into
 * each form as a hidden field (plain posts without JavaScript).
 */
import type { Child } from 'hono/jsx';
import { Layout } from '../../layout.tsx';
import { PageHeader, SkipLink } from '../../components/page-header.tsx';

export type AdminSection = 'integrations' | 'channels' | 'maintenance' | 'users' | 'tokens';

export interface AdminViewer {
  /** Undefined when an API token (not a person) is looking. */
  email: string | undefined;
  csrfToken: string | undefined;
}

const sections: { id: AdminSection; href: string; text: string }[] = [
  { id: 'integrations', href: '/admin/integrations', text: 'Integrations' },
  { id: 'channels', href: '/admin/channels', text: 'Alert channels' },
  { id: 'maintenance', href: '/admin/maintenance', text: 'Maintenance' },
  { id: 'users', href: '/admin/users', text: 'Users' },
  { id: 'tokens', href: '/admin/tokens', text: 'Tokens' },
];

/** A form's buttons: the primary submit, extra buttons, and a way back. */
export function FormActions({ submit, cancelHref, children }: { submit: string; cancelHref?: string; children?: Child }) {
  return (
    <div class="form-actions">
      <button type="submit" class="primary">
        {submit}
      </button>
      {children}
      {cancelHref ? <a href={cancelHref}>Cancel</a> : null}
    </div>
  );
}

/** The page after creating something whose secret is shown only this once (a signing secret, a push URL). */
export function ShownOncePage({ title, section, viewer, value, back, children }: { title: string; section: AdminSection; viewer: AdminViewer; value: string; back: { href: string; text: string }; children: Child }) {
  return (
    <AdminPage title={title} section={section} viewer={viewer}>
      <p>{children}</p>
      <p>
        <code class="secret-once">{value}</code>
      </p>
      <p>
        <a href={back.href}>{back.text}</a>
      </p>
    </AdminPage>
  );
}

export function CsrfField({ token }: { token: string | undefined }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

export function AdminPage({ title, section, viewer, children }: { title: string; section: AdminSection; viewer: AdminViewer; children: Child }) {
  return (
    <Layout title={title} styles={['/public/app.css', '/public/admin.css']} scripts={['/public/admin.js']} bodyClass="admin-body" {...(viewer.csrfToken ? { requestHeaders: { 'X-CSRF-Token': viewer.csrfToken } } : {})}>
      <SkipLink />
      <PageHeader current="admin" live={false} account={viewer.email ? { kind: 'user', email: viewer.email, csrfToken: viewer.csrfToken ?? '', admin: true } : { kind: 'token', admin: true }} />
      <nav aria-label="Admin" class="subnav">
        {sections.map((item) => (
          <a href={item.href} aria-current={item.id === section ? 'page' : undefined}>
            {item.text}
          </a>
        ))}
      </nav>
      <main id="main" class="admin-main" hx-boost="true">
        <h1>{title}</h1>
        {children}
      </main>
    </Layout>
  );
}

export function Flash({ message, kind = 'ok' }: { message: string | undefined; kind?: 'ok' | 'error' }) {
  return message ? (
    <p class={`flash flash-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {message}
    </p>
  ) : null;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span class="field-error" id={id}>
      {message}
    </span>
  ) : null;
}

export function ManagedBadge({ managedBy }: { managedBy: string | null }) {
  return managedBy ? (
    <span class="managed" title={`Declared in ${managedBy}: change it there`}>
      managed by file
    </span>
  ) : null;
}
