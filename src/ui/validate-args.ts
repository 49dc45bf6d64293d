// Re-validates edited tool arguments against the tool's JSON Schema before they run.
import { fromJSONSchema } from 'zod';
import type { McpHub } from '../mcp-client/hub.js';

export async function validateToolArgs(hub: McpHub, server: string, tool: string, args: Record<string, unknown>): Promise<string | undefined> {
  const def = await hub.findTool(server, tool);
  if (!def) return `${server} has no tool ${tool}`;
  let schema;
  try {
    schema = fromJSONSchema(def.inputSchema as Parameters<typeof fromJSONSchema>[0]);
  } catch {
    // A schema zod cannot read is left to the server, which validates every call itself.
    return undefined;
  }
  const r = schema.safeParse(args);
  if (r.success) return undefined;
  return r.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
}
