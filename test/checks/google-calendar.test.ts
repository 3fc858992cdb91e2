import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { googleCalendarCheck } from '../../src/checks/google-calendar.ts';
import { startGoogleApi, type GoogleApi } from '../helpers/google-api.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const secrets = {
  clientId: 'client-456.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-calendar-secret',
  refreshToken: '1//calendar-refresh-valid',
  revokedRefreshToken: '1//calendar-refresh-revoked',
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

describe('google-calendar check', () => {
  let google: GoogleApi;
  before(async () => {
    google = await startGoogleApi({
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
      validRefreshTokens: [secrets.refreshToken],
      calendarSummary: 'Team on-call',
    });
  });
  after(() => google.close());
  beforeEach(() => google.setRateLimit('none'));

  const config = (overrides: Record<string, unknown> = {}) =>
    googleCalendarCheck.configSchema.parse({
      clientId: secrets.clientId,
      clientSecret: secrets.clientSecret,
      refreshToken: secrets.refreshToken,
      tokenUrl: google.tokenUrl,
      baseUrl: google.calendarBaseUrl,
      ...overrides,
    });

  test('a valid access token is up with the first calendar summary', async () => {
    const accessToken = google.issueAccessToken();
    const { ctx, saved } = context();
    const result = await observed(googleCalendarCheck.run(config({ accessToken }), ctx));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.calendarSummary, 'Team on-call');
    assert.equal(result.details?.tokenRefreshed, false);
    assert.deepEqual(saved, []);
    assertNoSecrets(result, [accessToken]);
  });

  test('an expired access token is refreshed, saved, and the call retried', async () => {
    const stale = google.issueAccessToken();
    google.expireAccessTokens();
    const { ctx, saved } = context();
    const result = await observed(googleCalendarCheck.run(config({ accessToken: stale }), ctx));
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.tokenRefreshed, true);
    const fresh = saved[0]?.accessToken;
    assert.ok(fresh && fresh !== stale);
    assertNoSecrets(result, [stale, fresh]);
  });

  test('a revoked refresh token is down with "re-authorization required"', async () => {
    const { ctx } = context();
    const result = await observed(googleCalendarCheck.run(config({ refreshToken: secrets.revokedRefreshToken }), ctx));
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'Re-authorization required (refresh token revoked or expired)');
    assertNoSecrets(result);
  });

  test('HTTP 429 is degraded', async () => {
    google.setRateLimit('429');
    const { ctx } = context();
    const result = await observed(googleCalendarCheck.run(config({ accessToken: google.issueAccessToken() }), ctx));
    assert.equal(result.status, 'degraded');
    assert.match(result.message, /^Rate limited by Google \(HTTP 429/);
  });

  test('403 rateLimitExceeded is degraded', async () => {
    google.setRateLimit('403-rateLimitExceeded');
    const { ctx } = context();
    const result = await observed(googleCalendarCheck.run(config({ accessToken: google.issueAccessToken() }), ctx));
    assert.equal(result.status, 'degraded');
  });

  test('a wrong base URL is down with the HTTP status', async () => {
    const { ctx } = context();
    const result = await observed(googleCalendarCheck.run(config({ accessToken: google.issueAccessToken(), baseUrl: `${google.origin}/nope` }), ctx));
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'The Calendar API answered HTTP 404');
  });

  test('a Google that never answers is down once the signal times out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { ctx } = context(300);
      const result = await observed(googleCalendarCheck.run(config({ baseUrl: `http://127.0.0.1:${port}/calendar/v3`, accessToken: 'ya29.any' }), ctx));
      assert.equal(result.status, 'down');
      assert.equal(result.message, 'Timed out after 300 ms');
      assertNoSecrets(result, ['ya29.any']);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('the default base URL is the Calendar API', () => {
    const defaults = googleCalendarCheck.configSchema.parse({ clientId: 'a', clientSecret: 'b', refreshToken: 'c' });
    assert.equal(defaults.baseUrl, 'https://www.googleapis.com/calendar/v3');
    assert.deepEqual(googleCalendarCheck.secretFields, ['clientSecret', 'refreshToken', 'accessToken']);
  });
});
