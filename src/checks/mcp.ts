/**
 * `mcp` check: an MCP server over Streamable HTTP. The official SDK client does the handshake
 * (`initialize`) and `tools/list`, so we judge the server the way real MCP clients see it. The
 * tool list is followed across pages up to a bound, because a misbehaving server could hand out
 * cursors forever. Header values may be credentials: messages are worded from the HTTP status,
 * never from the response body, and are scrubbed of secret header values.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { z } from 'zod';
import { describeNetworkError, redactSecrets, timeoutMessage } from './net-errors.ts';
import { defineCheckKind, type CheckContext, type Observation } from './types.ts';

const MAX_TOOL_PAGES = 20;
const MAX_TOOL_NAMES_IN_DETAILS = 50;

const configSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).describe('Streamable HTTP endpoint of the MCP server, e.g. https://mcp.example.com/mcp.'),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe('Extra request headers that are not secret (e.g. a tenant or version header).'),
  secretHeaders: z
    .record(z.string(), z.string())
    .default({})
    .describe('Request headers holding credentials, e.g. {"Authorization": "Bearer …"}; stored encrypted.'),
  expectTools: z
    .array(z.string().min(1))
    .default([])
    .describe('Tool names the server must list; any missing one makes the check down.'),
});

/**
 * The MCP SDK (with its own schema libraries) is ~25 MB of memory once loaded: load it the
 * first time an MCP check runs, not in every instance that never watches an MCP server.
 */
type McpSdk = Awaited<ReturnType<typeof importSdk>>;
let sdk: Promise<McpSdk> | undefined;
async function importSdk() {
  const [client, http, types] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  return { Client: client.Client, StreamableHTTPClientTransport: http.StreamableHTTPClientTransport, StreamableHTTPError: http.StreamableHTTPError, ErrorCode: types.ErrorCode, McpError: types.McpError };
}

export const mcpCheck = defineCheckKind({
  name: 'mcp',
  description: 'Connects to an MCP server over Streamable HTTP, lists its tools and checks expected ones.',
  configSchema,
  secretFields: ['secretHeaders'],
  run: async function runMcpCheck(config, ctx): Promise<Observation> {
    // "Bearer abc" may surface as just "abc", so scrub the credential part on its own as well.
    const secrets = Object.values(config.secretHeaders).flatMap((value) => [value, value.split(/\s+/).pop() ?? '']);
    const mcp = await (sdk ??= importSdk());
    const transport = new mcp.StreamableHTTPClientTransport(new URL(config.url), {
      requestInit: { headers: { ...config.headers, ...config.secretHeaders } },
    });
    const client = new mcp.Client({ name: 'integration-health', version: '1.0.0' });
    // Transport errors also reach the client's onerror; the request promises carry them to us.
    client.onerror = () => {};
    const requestOptions = { signal: ctx.signal, timeout: ctx.timeoutMs };
    const started = performance.now();
    let step = 'initialize';
    try {
      await client.connect(transport, requestOptions);
      step = 'tools/list';
      const { names, complete } = await listToolNames(client, requestOptions);
      const latencyMs = Math.round(performance.now() - started);

      const server = client.getServerVersion();
      const missing = config.expectTools.filter((name) => !names.includes(name));
      const details = {
        serverName: server?.name,
        serverVersion: server?.version,
        protocolVersion: transport.protocolVersion,
        toolCount: names.length,
        tools: names.slice(0, MAX_TOOL_NAMES_IN_DETAILS),
        ...(complete ? {} : { toolListTruncated: true }),
      };
      if (missing.length > 0) {
        return {
          status: 'down',
          latencyMs,
          message: `Missing expected tool${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
          details: { ...details, missingTools: missing },
        };
      }
      return { status: 'up', latencyMs, message: `${names.length} tool${names.length === 1 ? '' : 's'} listed`, details };
    } catch (error) {
      return {
        status: 'down',
        latencyMs: Math.round(performance.now() - started),
        message: redactSecrets(describeMcpError(mcp, error, step, ctx, new URL(config.url)), secrets),
        details: httpStatusOf(mcp, error) === undefined ? { step } : { step, httpStatus: httpStatusOf(mcp, error) },
      };
    } finally {
      // Closes the transport too (aborting any open stream); the SDK ignores errors on close.
      await client.close().catch(() => {});
    }
  },
});

async function listToolNames(
  client: Client,
  options: { signal: AbortSignal; timeout: number },
): Promise<{ names: string[]; complete: boolean }> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor }, options);
    names.push(...result.tools.map((tool) => tool.name));
    cursor = result.nextCursor;
    if (!cursor) return { names, complete: true };
  }
  return { names, complete: false };
}

function httpStatusOf({ StreamableHTTPError }: McpSdk, error: unknown): number | undefined {
  return error instanceof StreamableHTTPError && error.code !== undefined && error.code > 0 ? error.code : undefined;
}

function describeMcpError(mcp: McpSdk, error: unknown, step: string, ctx: CheckContext, url: URL): string {
  const { StreamableHTTPError, McpError, ErrorCode } = mcp;
  if (ctx.signal.aborted) return `${timeoutMessage(ctx.timeoutMs)} during ${step}`;
  const status = httpStatusOf(mcp, error);
  if (status !== undefined) {
    const words: Record<number, string> = {
      401: 'HTTP 401 Unauthorized: the server rejected the credentials (check the Authorization header)',
      403: 'HTTP 403 Forbidden: the credentials are not allowed to use this server',
      404: 'HTTP 404 Not Found: no MCP endpoint at this URL',
      405: 'HTTP 405 Method Not Allowed: this URL does not accept MCP requests (POST)',
      429: 'HTTP 429 Too Many Requests: rate limited by the server',
    };
    return `${words[status] ?? `HTTP ${status}${status >= 500 ? ' (server error)' : ''}`} during ${step}`;
  }
  if (error instanceof StreamableHTTPError) {
    // Not an HTTP status: the SDK met something it cannot read (e.g. an HTML page).
    // Cut with a visible "…": the runner's redaction also catches a secret cut off at that mark.
    const said = error.message.replace(/^Streamable HTTP error: /, '');
    const what = said.length > 100 ? `${said.slice(0, 99)}…` : said;
    return `Not an MCP Streamable HTTP endpoint during ${step} (${what})`;
  }
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout) return `No answer to ${step} within ${ctx.timeoutMs} ms`;
    return `The server answered ${step} with an error: ${error.message}`;
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return describeNetworkError(error, { host: url.hostname, port, timeoutMs: ctx.timeoutMs, signal: ctx.signal });
}
