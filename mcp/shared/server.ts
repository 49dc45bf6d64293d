// Builds an McpServer from a server's tool and resource definitions.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ResourceDefinition } from './resource.js';
import { runTool, type ToolDefinition } from './tool.js';
import { VERSION } from './version.js';

export interface ServerDefinition {
  name: string;
  title: string;
  instructions: string;
  tools: ToolDefinition[];
  resources: ResourceDefinition[];
}

export function buildServer(def: ServerDefinition): McpServer {
  const server = new McpServer({ name: def.name, title: def.title, version: VERSION }, { instructions: def.instructions });
  for (const tool of def.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      (args: unknown) => runTool(tool, args),
    );
  }
  for (const res of def.resources) {
    server.registerResource(res.name, res.uri, { title: res.title, description: res.description, mimeType: res.mimeType }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: res.mimeType, text: await res.read() }],
    }));
  }
  return server;
}
