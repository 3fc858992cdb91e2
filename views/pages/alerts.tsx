/**
 * `/alerts`: the delivery log (filters live in the URL, so a filtered view can be bookmarked) with
 * a Retry button on failed deliveries, and the channels with their last error and "Send test".
 * Buttons are htmx POSTs answered by the same row components, swapped in place.
 */
import { Layout } from '../layout.tsx';
import { PageHeader, SkipLink, type HeaderAccount } from '../components/page-header.tsx';
import { ListTable, ListTableRow, type Column } from '../components/list-table.tsx';
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
  account?: HeaderAccount;
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

const deliveryColumns = (message?: string): Column<DeliveryRow>[] => [
  {
    heading: 'Integration',
    cell: (row) =>
      row.integration_slug ? (
        <a class="integration-name" href={`/integrations/${encodeURIComponent(row.integration_slug)}`}>
          {row.integration_name}
        </a>
      ) : (
        'Test message'
      ),
  },
  { heading: 'Time', cell: (row) => <Time at={row.created_at} /> },
  { heading: 'Event', cell: (row) => row.event_type },
  {
    heading: 'Channel',
    cell: (row) => (
      <>
        {row.channel_name} <span class="muted">({row.channel_kind})</span>
      </>
    ),
  },
  {
    heading: 'State',
    cell: (row) => {
      const label = stateLabels[row.state] ?? { text: row.state, icon: '?' };
      return (
        <span class={`delivery-state delivery-${row.state}`}>
          <span aria-hidden="true">{label.icon}</span> {label.text}
        </span>
      );
    },
  },
  { heading: 'Attempts', cell: (row) => String(row.attempts), class: 'num' },
  { heading: 'Duration', cell: (row) => (row.duration_ms === null ? '—' : `${row.duration_ms} ms`), class: 'num' },
  {
    heading: 'Last error',
    class: 'long-text',
    cell: (row) => (
      <>
        {row.last_error ?? '—'}
        {message ? <p role="status">{message}</p> : null}
      </>
    ),
  },
  {
    heading: 'Actions',
    hiddenHeading: true,
    class: 'actions',
    cell: (row) =>
      row.state === 'failed' && row.event_type !== 'test' ? (
        <button type="button" class="btn" hx-post={`/alerts/deliveries/${row.id}/retry`} hx-target={`#delivery-${row.id}`} hx-swap="outerHTML">
          Retry
        </button>
      ) : null,
  },
];

export function DeliveryRowView({ row, message }: { row: DeliveryRow; message?: string }) {
  return <ListTableRow columns={deliveryColumns(message)} row={row} id={`delivery-${row.id}`} attributes={{ 'data-state': row.state }} />;
}

const channelColumns = (test?: { ok: boolean; text: string }): Column<ChannelSummary>[] => [
  { heading: 'Name', cell: (channel) => channel.name },
  { heading: 'Kind', cell: (channel) => channel.kind },
  { heading: 'State', cell: (channel) => (channel.enabled ? 'Enabled' : 'Disabled') },
  { heading: 'Integrations', cell: (channel) => (channel.tags.length ? channel.tags.join(', ') : 'All integrations') },
  {
    heading: 'Last error',
    class: 'long-text',
    cell: (channel) =>
      channel.lastError ? (
        <>
          {channel.lastError} <span class="muted">(<Time at={channel.lastErrorAt} />)</span>
        </>
      ) : (
        'None'
      ),
  },
  {
    heading: 'Actions',
    hiddenHeading: true,
    class: 'actions',
    cell: (channel) => (
      <>
        <button type="button" class="btn" hx-post={`/alerts/channels/${channel.id}/test`} hx-target={`#channel-${channel.id}`} hx-swap="outerHTML">
          Send test
        </button>
        {test ? (
          <p role="status" class={test.ok ? 'test-ok' : 'test-failed'}>
            <span aria-hidden="true">{test.ok ? '✓' : '✕'}</span> {test.text}
          </p>
        ) : null}
      </>
    ),
  },
];

export function ChannelRowView({ channel, test }: { channel: ChannelSummary; test?: { ok: boolean; text: string } }) {
  return <ListTableRow columns={channelColumns(test)} row={channel} id={`channel-${channel.id}`} />;
}

function FilterForm({ filters, channels, integrations }: Pick<AlertsPageProps, 'filters' | 'channels' | 'integrations'>) {
  return (
    <form method="get" action="/alerts" class="filters" role="search" aria-label="Filter deliveries">
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
      <button type="submit" class="btn">
        Filter
      </button>
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

export function AlertsPage({ deliveries, nextBefore, channels, integrations, filters, requestHeaders, account }: AlertsPageProps) {
  return (
    <Layout title="Alerts" styles={['/public/app.css', '/public/alerts.css']} requestHeaders={requestHeaders}>
      <SkipLink />
      <PageHeader current="alerts" live={false} account={account} />
      <main id="main" class="alerts-page">
        <div class="page-head">
          <h1>Alerts</h1>
        </div>
        <section class="panel" aria-labelledby="channels-heading">
          <h2 id="channels-heading">Channels</h2>
          {channels.length === 0 ? (
            <p>
              No alert channels yet. Add one under <a href="/admin/channels/new">Admin → Alert channels</a> or with <code>POST /api/v1/alert-channels</code>.
            </p>
          ) : (
            <ListTable columns={channelColumns()} rows={channels} caption="Alert channels">
              {(channel) => <ChannelRowView channel={channel} />}
            </ListTable>
          )}
        </section>
        <section class="panel" aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">Deliveries</h2>
          <FilterForm filters={filters} channels={channels} integrations={integrations} />
          {deliveries.length === 0 ? (
            <p>No deliveries match.</p>
          ) : (
            <ListTable columns={deliveryColumns()} rows={deliveries} caption="Alert deliveries, newest first">
              {(row) => <DeliveryRowView row={row} />}
            </ListTable>
          )}
          {nextBefore !== null ? (
            <p>
              <a href={olderLink(filters, nextBefore)}>Older deliveries →</a>
            </p>
          ) : null}
        </section>
      </main>
    </Layout>
  );
}
