// Re-validates edited tool arguments against the tool's JSON Schema before they run.
import type { McpHub } from '../mcp-client/hub.js';
import { checkToolArgs } from '../agent/tool-args.js';

export async function validateToolArgs(
  hub: McpHub,
  server: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<string | undefined> {
  const def = await hub.findTool(server, tool);
  if (!def) return `${server} has no tool ${tool}`;
  return checkToolArgs(def.inputSchema, args);
}
