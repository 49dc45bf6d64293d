// Connects a plain SDK Client to a built-in server over the in-memory transport —
// the same path production uses — so server tests exercise the real protocol.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { builtinMcpSource } from '../../src/mcp-client/hub.js';

export async function connectBuiltin(name: string): Promise<Client> {
  return builtinMcpSource(name).connect();
}

/** Calls a tool and returns its structured content, failing loudly on an error result. */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (res.isError) {
    const text = res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    throw new Error(`${name} failed: ${text}`);
  }
  return res.structuredContent as T;
}

/** Calls a tool expected to fail and returns its error text. */
export async function callErr(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (!res.isError) throw new Error(`${name} was expected to fail but succeeded`);
  return res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}
