// Serves one built-in MCP server over stdio, for clients that spawn it.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadBuiltinServer, type BuiltinServerName } from '../../mcp/registry.js';

export async function serveStdio(name: BuiltinServerName): Promise<void> {
  const server = (await loadBuiltinServer(name)).createServer();
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => process.stdin.on('close', resolve));
}
