import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { gmailCheck } from '../../src/checks/gmail.ts';
import { startGoogleApi, type GoogleApi } from '../helpers/google-api.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const secrets = {
  clientId: 'client-123.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-client-secret-value',
  refreshToken: '1//refresh-token-valid',
  revokedRefreshToken: '1//refresh-token-revoked',
};

/** The shared test context records every saveSecrets patch in `saved`. */
function context(timeoutMs = 5000) {
  const ctx = netCheckContext({ timeoutMs });
  return { ctx, saved: ctx.saved };
}

function assertNoSecrets(result: unknown, extra: string[] = []) {
  const shown = JSON.stringify(result);
  for (const secret of [secrets.clientSecret, secrets.refreshToken, secrets.revokedRefreshToken, ...extra]) {
    assert.ok(!shown.includes(secret), `secret leaked: ${shown}`);
  }
}

describe('gmail check', () => {
  let google: GoogleApi;
  before(async () => {
    google = await startGoogleApi({
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
      validRefreshTokens: [secrets.refreshToken],
      emailAddress: 'ops@example.com',
    });
  });
  after(() => google.close());
  beforeEach(() => google.setRateLimit('none'));

  const config = (overrides: Record<string, unknown> = {}) =>
    gmailCheck.configSchema.parse({
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
      refreshToken: secrets.refreshToken,
      tokenUrl: google.tokenUrl,
      baseUrl: google.gmailBaseUrl,
      ...overrides,
    });

  test('a valid access token is up with the mailbox address and no refresh', async () => {
    const accessToken = google.issueAccessToken();
    const before = google.tokenRequests();
    const { ctx, saved } = context();
    const result = await observed(gmailCheck.run(config({ accessToken }), ctx));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.emailAddress, 'ops@example.com');
    assert.equal(result.details?.tokenRefreshed, false);
    assert.equal(google.tokenRequests(), before);
    assert.deepEqual(saved, []);
    assertNoSecrets(result, [accessToken]);
  });

  test('an expired access token is refreshed, saved for next time, and the call retried', async () => {
    const stale = google.issueAccessToken();
    google.expireAccessTokens();
    const { ctx, saved } = context();
    const result = await observed(gmailCheck.run(config({ accessToken: stale }), ctx));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.tokenRefreshed, true);
    assert.equal(saved.length, 1);
    const fresh = saved[0]?.accessToken;
    assert.ok(fresh && fresh !== stale, 'a new access token was saved');
    assertNoSecrets(result, [stale, fresh]);

    // The saved token is the one the API now accepts: the next run needs no refresh.
    const next = context();
    const again = await observed(gmailCheck.run(config({ accessToken: fresh }), next.ctx));
    assert.equal(again.status, 'up');
    assert.equal(again.details?.tokenRefreshed, false);
    assert.deepEqual(next.saved, []);
  });

  test('with no access token at all the check refreshes first', async () => {
    const { ctx, saved } = context();
    const result = await observed(gmailCheck.run(config(), ctx));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.tokenRefreshed, true);
    assert.equal(typeof saved[0]?.accessToken, 'string');
  });

  test('a revoked refresh token is down with "re-authorization required"', async () => {
    google.expireAccessTokens();
    const { ctx, saved } = context();
    const result = await observed(gmailCheck.run(config({ refreshToken: secrets.revokedRefreshToken, accessToken: 'ya29.stale' }), ctx));
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'Re-authorization required (refresh token revoked or expired)');
    assert.equal(result.details?.oauthError, 'invalid_grant');
    assert.deepEqual(saved, []);
    assertNoSecrets(result, ['ya29.stale']);
  });

  test('a wrong client secret is down and says the client was rejected', async () => {
    const { ctx } = context();
    const result = await observed(gmailCheck.run(config({ clientSecret: 'GOCSPX-wrong-secret' }), ctx));
    assert.equal(result.status, 'down');
    assert.match(result.message, /client ID or secret was rejected \(invalid_client\)/);
    assertNoSecrets(result, ['GOCSPX-wrong-secret']);
  });

  test('403 rateLimitExceeded is degraded', async () => {
    google.setRateLimit('403-rateLimitExceeded');
    const { ctx } = context();
    const result = await observed(gmailCheck.run(config({ accessToken: google.issueAccessToken() }), ctx));
    assert.equal(result.status, 'degraded');
    assert.equal(result.message, 'Rate limited by Google (HTTP 403, rateLimitExceeded)');
  });

  test('403 userRateLimitExceeded after a refresh is degraded and still saves the new token', async () => {
    google.setRateLimit('403-userRateLimitExceeded');
    const { ctx, saved } = context();
    const result = await observed(gmailCheck.run(config(), ctx));
    assert.equal(result.status, 'degraded');
    assert.match(result.message, /userRateLimitExceeded/);
    assert.equal(result.details?.tokenRefreshed, true);
    assert.equal(saved.length, 1);
  });

  test('HTTP 429 is degraded with the Retry-After wait', async () => {
    google.setRateLimit('429');
    const { ctx } = context();
    const result = await observed(gmailCheck.run(config({ accessToken: google.issueAccessToken() }), ctx));
    assert.equal(result.status, 'degraded');
    assert.equal(result.message, 'Rate limited by Google (HTTP 429, rateLimitExceeded), retry after 7 s');
  });

  test('a failing saveSecrets does not turn a working mailbox down', async () => {
    const { ctx } = context();
    ctx.saveSecrets = async () => {
      throw new Error('store unavailable');
    };
    const result = await observed(gmailCheck.run(config(), ctx));
    assert.equal(result.status, 'up');
    assert.equal(result.details?.tokenSaved, false);
  });

  test('the OAuth secrets are the secret fields and the defaults are Google', () => {
    assert.deepEqual(gmailCheck.secretFields, ['clientSecret', 'refreshToken', 'accessToken']);
    const defaults = gmailCheck.configSchema.parse({ clientId: 'a', clientSecret: 'b', refreshToken: 'c' });
    assert.equal(defaults.baseUrl, 'https://gmail.googleapis.com/gmail/v1');
    assert.equal(defaults.tokenUrl, 'https://oauth2.googleapis.com/token');
  });
});
