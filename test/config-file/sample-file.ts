/** A small INTEGRATIONS_FILE shared by the apply tests, with the secrets it reads from the environment. */
import { yamlLines } from './helpers.ts';

export const sampleSecrets = {
  BILLING_TOKEN: 'billing-secret-4f1c9a7e2d',
  REDIS_PASSWORD: 'redis-secret-8b3e6d1f0a',
  NIGHTLY_PUSH_TOKEN: 'push-secret-token-77aa99cc11',
};

/** Line 15 is `cache`'s intervalSeconds; line 17 is the third item's slug. */
export const sampleFile = yamlLines(
  'policies:',
  '  critical: { downAfter: 1, reminderMinutes: 30 }',
  'integrations:',
  '  - slug: billing-api',
  '    name: Billing API',
  '    kind: http',
  '    tags: [payments]',
  '    alertPolicy: critical',
  '    config:',
  '      url: http://127.0.0.1:9/health',
  '      secretHeaders:',
  '        Authorization: Bearer ${BILLING_TOKEN}',
  '  - slug: cache',
  '    kind: redis',
  '    intervalSeconds: 60',
  '    config: { host: 127.0.0.1, port: 6390, password: "${REDIS_PASSWORD}" }',
  '  - slug: nightly-backup',
  '    kind: push',
  '    pushToken: ${NIGHTLY_PUSH_TOKEN}',
);
