import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { mcpCheck } from '../../src/checks/mcp.ts';
import { DEFAULT_MCP_TOOLS, startMcpServer, type McpTestServer } from '../helpers/mcp-server.ts';
import { netCheckContext, observed } from '../helpers/net-check-context.ts';

const context = (timeoutMs?: number) => netCheckContext(timeoutMs === undefined ? {} : { timeoutMs });

const token = 'mcp-secret-token-9f8e7d';

describe('mcp check', () => {
  let open: McpTestServer;
  let guarded: McpTestServer;
  let paged: McpTestServer;
  const manyTools = Array.from({ length: 7 }, (_, i) => `tool_${i}`);

  before(async () => {
    open = await startMcpServer({ serverName: 'acme-mcp', serverVersion: '2.0.1' });
    guarded = await startMcpServer({ requiredAuthorization: `Bearer ${token}` });
    paged = await startMcpServer({ tools: manyTools, toolsPerPage: 3 });
  });
  after(async () => {
    await Promise.all([open.close(), guarded.close(), paged.close()]);
  });

  const run = (config: Record<string, unknown>, timeoutMs?: number) =>
    observed(mcpCheck.run(mcpCheck.configSchema.parse(config), context(timeoutMs)));

  test('a working server is up with its name, protocol version, tool count and names', async () => {
    const result = await run({ url: open.url, expectTools: ['create_issue'] });
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.message, '3 tools listed');
    assert.equal(result.details?.serverName, 'acme-mcp');
    assert.equal(result.details?.serverVersion, '2.0.1');
    assert.match(String(result.details?.protocolVersion), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(result.details?.toolCount, 3);
    assert.deepEqual(result.details?.tools, DEFAULT_MCP_TOOLS);
  });

  test('a missing expected tool is down and named', async () => {
    const result = await run({ url: open.url, expectTools: ['send_message', 'delete_repo', 'drop_table'] });
    assert.equal(result.status, 'down');
    assert.equal(result.message, 'Missing expected tools: delete_repo, drop_table');
    assert.deepEqual(result.details?.missingTools, ['delete_repo', 'drop_table']);
  });

  test('the tool list is followed across pages', async () => {
    const result = await run({ url: paged.url, expectTools: ['tool_6'] });
    assert.equal(result.status, 'up', result.message);
    assert.equal(result.details?.toolCount, 7);
    assert.deepEqual(result.details?.tools, manyTools);
  });

  test('the right Authorization secret header gets through', async () => {
    const result = await run({ url: guarded.url, secretHeaders: { Authorization: `Bearer ${token}` } });
    assert.equal(result.status, 'up', result.message);
  });

  test('a wrong Authorization header is down with HTTP 401 in plain words and no token shown', async () => {
    const wrong = 'wrong-token-0000';
    const result = await run({ url: guarded.url, secretHeaders: { Authorization: `Bearer ${wrong}` } });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^HTTP 401 Unauthorized: the server rejected the credentials/);
    assert.equal(result.details?.httpStatus, 401);
    const shown = JSON.stringify(result);
    assert.ok(!shown.includes(wrong) && !shown.includes(token), shown);
  });

  test('a URL with no MCP endpoint is down with HTTP 404', async () => {
    const result = await run({ url: open.url.replace('/mcp', '/other') });
    assert.equal(result.status, 'down');
    assert.match(result.message, /^HTTP 404 Not Found/);
  });

  test('an unreachable server is down with "Connection refused" and the address', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await run({ url: `http://127.0.0.1:${port}/mcp` });
    assert.equal(result.status, 'down');
    assert.equal(result.message, `Connection refused by 127.0.0.1:${port}`);
  });

  test('a server that never answers is down when the signal times out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const result = await run({ url: `http://127.0.0.1:${port}/mcp` }, 300);
      assert.equal(result.status, 'down');
      assert.equal(result.message, 'Timed out after 300 ms during initialize');
      assert.ok(Date.now() - started < 2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('secret headers are the secret field', () => {
    assert.deepEqual(mcpCheck.secretFields, ['secretHeaders']);
  });
});
