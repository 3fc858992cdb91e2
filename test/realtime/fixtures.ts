/** Push integrations for realtime tests: results arrive only when the test pings. */
import { apiClient } from '../helpers/api.ts';

export interface PushIntegration {
  slug: string;
  ping(status?: 'up' | 'down' | 'degraded', latencyMs?: number): Promise<void>;
}

export async function createPushIntegration(baseUrl: string, slug: string, extra: Record<string, unknown> = {}): Promise<PushIntegration> {
  const api = apiClient(baseUrl);
  const created = await api.post('/api/v1/integrations', { slug, name: extra.name ?? slug, kind: 'push', intervalSeconds: 3600, ...extra });
  if (created.status !== 201) throw new Error(`could not create ${slug}: ${JSON.stringify(created.body)}`);
  const pushUrl: string = created.body.pushUrl;
  return {
    slug,
    async ping(status = 'up', latencyMs = 42) {
      const response = await fetch(`${baseUrl}${pushUrl}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status, latencyMs }) });
      if (response.status !== 200) throw new Error(`ping of ${slug} answered ${response.status}: ${await response.text()}`);
    },
  };
}
