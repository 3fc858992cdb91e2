/** `/integrations/health`: every integration, worst first. */
import { Layout } from '../layout.tsx';
import { statusLabels } from '../../src/domain/status.ts';
import type { Integration } from '../../src/store/types.ts';

export function DashboardPage({ integrations, now }: { integrations: Integration[]; now: Date }) {
  return (
    <Layout title="Dashboard">
      <header class="top">
        <h1>Integration Health</h1>
      </header>
      <main>
        {integrations.length === 0 ? (
          <p>No integrations yet.</p>
        ) : (
          <table class="integrations">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Last checked</th>
                <th scope="col">Latency</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {integrations.map((integration) => (
                <tr id={`integration-${integration.slug}`} data-status={integration.status}>
                  <td class={`status status-${integration.status}`}>
                    <span aria-hidden="true">{statusLabels[integration.status].icon}</span> {statusLabels[integration.status].text}
                  </td>
                  <td>{integration.name}</td>
                  <td>{integration.kind}</td>
                  <td>{integration.lastCheckedAt ? <time datetime={integration.lastCheckedAt.toISOString()}>{Math.round((now.getTime() - integration.lastCheckedAt.getTime()) / 1000)} s ago</time> : 'never'}</td>
                  <td>{integration.lastLatencyMs === null ? '—' : `${integration.lastLatencyMs} ms`}</td>
                  <td>{integration.lastMessage ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </Layout>
  );
}
