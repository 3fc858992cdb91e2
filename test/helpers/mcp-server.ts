/**
 * A real MCP server on loopback: the SDK's `McpServer` behind `StreamableHTTPServerTransport` in
 * stateless mode (a new server and transport per request, the SDK's documented stateless
 * pattern) on a node:http server. Optionally demands an exact Authorization header, and can
 * serve `tools/list` in pages to exercise cursor handling.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export interface McpTestServerOptions {
  tools?: string[];
  /** When set, requests without exactly this Authorization header get 401. */
  requiredAuthorization?: string;
  /** When set, tools/list answers this many tools per page with a nextCursor. */
  toolsPerPage?: number;
  serverName?: string;
  serverVersion?: string;
}

export interface McpTestServer {
  url: string;
  close: () => Promise<void>;
}

export const DEFAULT_MCP_TOOLS = ['search_issues', 'create_issue', 'send_message'];

export async function startMcpServer(options: McpTestServerOptions = {}): Promise<McpTestServer> {
  const tools = options.tools ?? DEFAULT_MCP_TOOLS;

  const httpServer = http.createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (options.requiredAuthorization !== undefined && req.headers.authorization !== options.requiredAuthorization) {
      // Deliberately echoes what it got, like some real servers do: the check must not repeat it.
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorized', received: req.headers.authorization ?? null }));
      return;
    }
    if (req.method !== 'POST') {
      // Stateless servers have no standalone SSE stream or session to delete.
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }));
      return;
    }
    const server = buildServer(tools, options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  };
}

function buildServer(tools: string[], options: McpTestServerOptions): McpServer {
  const server = new McpServer({ name: options.serverName ?? 'test-mcp', version: options.serverVersion ?? '1.2.3' });
  for (const name of tools) {
    server.registerTool(name, { description: `Test tool ${name}` }, async () => ({
      content: [{ type: 'text', text: `${name} called` }],
    }));
  }
  const perPage = options.toolsPerPage;
  if (perPage !== undefined) {
    // McpServer lists every tool at once; replace its handler with a paged one.
    server.server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const start = Number(request.params?.cursor ?? 0);
      const page = tools.slice(start, start + perPage);
      const next = start + perPage;
      return {
        tools: page.map((name) => ({ name, description: `Test tool ${name}`, inputSchema: { type: 'object' as const } })),
        ...(next < tools.length ? { nextCursor: String(next) } : {}),
      };
    });
  }
  return server;
}
