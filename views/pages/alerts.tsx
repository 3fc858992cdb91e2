/**
 * `/alerts`: the delivery log (filters live in the URL, so a filtered view can be bookmarked) with
 * a Retry button on failed deliveries, and the channels with their last error and "Send test".
 * Buttons are htmx POSTs answered by the same row components, swapped in place.
 */
import { Layout } from '../layout.tsx';
import type { DeliveryRow } from '../../src/store/alert-deliveries.ts';

export interface ChannelSummary {
  id: number;
  name: string;
  kind: string;
  enabled: boolean;
  tags: string[];
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface AlertFilters {
  state?: string | undefined;
  channel?: number | undefined;
  integration?: string | undefined;
}

export interface AlertsPageProps {
  deliveries: DeliveryRow[];
  nextBefore: number | null;
  channels: ChannelSummary[];
  integrations: Array<{ slug: string; name: string }>;
  filters: AlertFilters;
  /** htmx headers for the page's POSTs (the session's CSRF token). */
  requestHeaders?: Record<string, string>;
}

const stateLabels: Record<string, { text: string; icon: string }> = {
  pending: { text: 'Queued', icon: '…' },
  sending: { text: 'Sending', icon: '↻' },
  sent: { text: 'Sent', icon: '✓' },
  failed: { text: 'Failed', icon: '✕' },
};

function Time({ at }: { at: Date | null }) {
  if (!at) return <span>—</span>;
  return <time datetime={at.toISOString()}>{`${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`}</time>;
}

export function DeliveryRowView({ row, message }: { row: DeliveryRow; message?: string }) {
  const label = stateLabels[row.state] ?? { text: row.state, icon: '?' };
  return (
    <tr id={`delivery-${row.id}`} data-state={row.state}>
      <td><Time at={row.created_at} /></td>
      <td>{row.integration_slug ? <a href={`/integrations/${encodeURIComponent(row.integration_slug)}`}>{row.integration_name}</a> : '—'}</td>
      <td>{row.event_type}</td>
      <td>{row.channel_name} <span class="muted">({row.channel_kind})</span></td>
      <td class={`delivery-state delivery-${row.state}`}>
        <span aria-hidden="true">{label.icon}</span> {label.text}
      </td>
      <td>{row.attempts}</td>
      <td>{row.duration_ms === null ? '—' : `${row.duration_ms} ms`}</td>
      <td class="delivery-error">{row.last_error ?? ''}{message ? <p role="status">{message}</p> : null}</td>
      <td>
        {row.state === 'failed' && row.event_type !== 'test' ? (
          <button type="button" hx-post={`/alerts/deliveries/${row.id}/retry`} hx-target={`#delivery-${row.id}`} hx-swap="outerHTML">
            Retry
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function ChannelRowView({ channel, test }: { channel: ChannelSummary; test?: { ok: boolean; text: string } }) {
  return (
    <tr id={`channel-${channel.id}`}>
      <td>{channel.name}</td>
      <td>{channel.kind}</td>
      <td>{channel.enabled ? 'Enabled' : 'Disabled'}</td>
      <td>{channel.tags.length ? channel.tags.join(', ') : 'All integrations'}</td>
      <td class="delivery-error">
        {channel.lastError ? (
          <>
            {channel.lastError} <span class="muted">(<Time at={channel.lastErrorAt} />)</span>
          </>
        ) : (
          'None'
        )}
      </td>
      <td>
        <button type="button" hx-post={`/alerts/channels/${channel.id}/test`} hx-target={`#channel-${channel.id}`} hx-swap="outerHTML">
          Send test
        </button>
        {test ? (
          <p role="status" class={test.ok ? 'test-ok' : 'test-failed'}>
            <span aria-hidden="true">{test.ok ? '✓' : '✕'}</span> {test.text}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function FilterForm({ filters, channels, integrations }: Pick<AlertsPageProps, 'filters' | 'channels' | 'integrations'>) {
  return (
    <form method="get" action="/alerts" class="alert-filters">
      <label>
        State{' '}
        <select name="state">
          <option value="">Any</option>
          {Object.entries(stateLabels).map(([value, label]) => (
            <option value={value} selected={filters.state === value}>{label.text}</option>
          ))}
        </select>
      </label>
      <label>
        Channel{' '}
        <select name="channel">
          <option value="">Any</option>
          {channels.map((channel) => (
            <option value={String(channel.id)} selected={filters.channel === channel.id}>{channel.name}</option>
          ))}
        </select>
      </label>
      <label>
        Integration{' '}
        <select name="integration">
          <option value="">Any</option>
          {integrations.map((integration) => (
            <option value={integration.slug} selected={filters.integration === integration.slug}>{integration.name}</option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

function olderLink(filters: AlertFilters, before: number): string {
  const params = new URLSearchParams();
  if (filters.state) params.set('state', filters.state);
  if (filters.channel) params.set('channel', String(filters.channel));
  if (filters.integration) params.set('integration', filters.integration);
  params.set('before', String(before));
  return `/alerts?${params}`;
}

export function AlertsPage({ deliveries, nextBefore, channels, integrations, filters, requestHeaders }: AlertsPageProps) {
  return (
    <Layout title="Alerts" styles={['/public/app.css', '/public/alerts.css']} requestHeaders={requestHeaders}>
      <header class="top">
        <h1>Alerts</h1>
        <nav aria-label="Main"><a href="/integrations/health">Dashboard</a></nav>
      </header>
      <main class="alerts-page">
        <section aria-labelledby="channels-heading">
          <h2 id="channels-heading">Channels</h2>
          {channels.length === 0 ? (
            <p>No alert channels yet. Add one with <code>POST /api/v1/alert-channels</code>.</p>
          ) : (
            <table class="alert-channels">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Integrations</th><th scope="col">Last error</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>{channels.map((channel) => <ChannelRowView channel={channel} />)}</tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">Deliveries</h2>
          <FilterForm filters={filters} channels={channels} integrations={integrations} />
          {deliveries.length === 0 ? (
            <p>No deliveries match.</p>
          ) : (
            <table class="alert-deliveries">
              <thead>
                <tr><th scope="col">Time</th><th scope="col">Integration</th><th scope="col">Event</th><th scope="col">Channel</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Duration</th><th scope="col">Last error</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>{deliveries.map((row) => <DeliveryRowView row={row} />)}</tbody>
            </table>
          )}
          {nextBefore !== null ? <p><a href={olderLink(filters, nextBefore)}>Older deliveries →</a></p> : null}
        </section>
      </main>
    </Layout>
  );
}
