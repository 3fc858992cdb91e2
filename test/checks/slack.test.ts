import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { slackCheck } from '../../src/checks/slack.ts';
import { SLACK_IDENTITY, startSlackApi, type SlackApi } from '../helpers/slack-api.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const tokens = {
  valid: 'xoxb-valid-0000-secret',
  revoked: 'xoxb-revoked-1111-secret',
  inactive: 'xoxb-inactive-2222-secret',
  limited: 'xoxb-limited-3333-secret',
  unknown: 'xoxb-unknown-4444-secret',
};

const context = (timeoutMs?: number) => netCheckContext(timeoutMs === undefined ? {} : { timeoutMs });

describe('slack check', () => {
  let slack: SlackApi;
  before(async () => {
    slack = await startSlackApi({
      tokens: { [tokens.valid]: 'ok', [tokens.revoked]: 'token_revoked', [tokens.inactive]: 'account_inactive', [tokens.limited]: 'rate_limited' },
      retryAfterSeconds: 42,
    });
  });
  after(() => slack.close());

  const run = (token: string, timeoutMs?: number) =>
    observed(slackCheck.run(slackCheck.configSchema.parse({ token, baseUrl: slack.baseUrl }), context(timeoutMs)));

  test('a valid bot token is up with the workspace and bot identity in details', async () => {
    const result = await run(tokens.valid);
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.message, `Authenticated as ${SLACK_IDENTITY.user} in ${SLACK_IDENTITY.team}`);
    assert.equal(result.details?.team, SLACK_IDENTITY.team);
    assert.equal(result.details?.team_id, SLACK_IDENTITY.team_id);
    assert.equal(result.details?.user, SLACK_IDENTITY.user);
    assert.equal(result.details?.user_id, SLACK_IDENTITY.user_id);
    assert.equal(result.details?.url, SLACK_IDENTITY.url);
  });

  test('an unknown token is down with invalid_auth and a hint', async () => {
    const result = await run(tokens.unknown);
    assert.equal(result.status, 'down');
    assert.match(result.message, /^Slack rejected the token: invalid_auth \(the token is not valid/);
    assert.equal(result.details?.error, 'invalid_auth');
  });

  test('a revoked token is down with token_revoked and says to reinstall', async () => {
    const result = await run(tokens.revoked);
    assert.equal(result.status, 'down');
    assert.match(result.message, /token_revoked \(the token was revoked: reinstall/);
  });

  test('a deactivated account is down with account_inactive', async () => {
    const result = await run(tokens.inactive);
    assert.equal(result.status, 'down');
    assert.match(result.message, /account_inactive/);
  });

  test('HTTP 429 is degraded with the Retry-After wait', async () => {
    const result = await run(tokens.limited);
    assert.equal(result.status, 'degraded');
    assert.equal(result.message, 'Rate limited by Slack, retry after 42 s');
    assert.equal(result.details?.retryAfterSeconds, 42);
  });

  test('other HTTP errors are down with the status code', async () => {
    const result = await observed(slackCheck.run(
      slackCheck.configSchema.parse({ token: tokens.valid, baseUrl: `${slack.baseUrl}/nowhere` }),
      context(),
    ));
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'Slack returned HTTP 404');
  });

  test('no token in any result, whatever the outcome', async () => {
    for (const token of Object.values(tokens)) {
      const shown = JSON.stringify(await run(token));
      assert.ok(!shown.includes(token), shown);
    }
  });

  test('an unreachable Slack is down with "Connection refused" and the address', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await observed(slackCheck.run(
      slackCheck.configSchema.parse({ token: tokens.valid, baseUrl: `http://127.0.0.1:${port}/api` }),
      context(),
    ));
    assert.equal(result.status, 'down');
    assert.equal(result.message, `Connection refused by 127.0.0.1:${port}`);
  });

  test('a Slack that never answers is down once the signal times out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const config = slackCheck.configSchema.parse({ token: tokens.valid, baseUrl: `http://127.0.0.1:${port}/api` });
      const result = await observed(slackCheck.run(config, context(300)));
      assert.equal(result.status, 'down');
      assert.equal(result.message, 'Timed out after 300 ms');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('the default base URL is Slack and the token is the secret field', () => {
    assert.equal(slackCheck.configSchema.parse({ token: 'x' }).baseUrl, 'https://slack.com/api');
    assert.deepEqual(slackCheck.secretFields, ['token']);
  });
});
