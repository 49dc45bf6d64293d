// Builds an MCP server from a server's tool, resource and prompt definitions, on the SDK's
// protocol-level Server; what it answers is in handlers.ts and server-features.ts.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { callListedTool, INVALID_PARAMS, listedResources, listedTools, readListedResource } from './handlers.js';
import type { ServerJsonSchemas } from './json-schema.js';
import type { ServerDefinition } from './definition.js';
import { serveLogging, servePrompts, toolContext } from './server-features.js';
import { VERSION } from '../../src/version.js';

// The Server validates elicitation answers with it, which these servers never request;
// building Ajv for each server would only cost start-up time.
function lazyAjv(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

export function buildServer(def: ServerDefinition, precomputed?: ServerJsonSchemas): Server {
  const prompts = def.prompts ?? [];
  const server = new Server(
    { name: def.name, title: def.title, version: VERSION },
    {
      instructions: def.instructions,
      capabilities: {
        tools: {},
        resources: {},
        logging: {},
        ...(prompts.length ? { prompts: {}, completions: {} } : {}),
      },
      jsonSchemaValidator: lazyAjv(),
    },
  );
  const logLevel = serveLogging(server);
  if (prompts.length) servePrompts(server, prompts);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listedTools(def, precomputed) }));
  server.setRequestHandler(CallToolRequestSchema, (req, extra) =>
    callListedTool(def, req.params.name, req.params.arguments, toolContext(def.name, extra, logLevel)),
  );
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: listedResources(def) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const read = await readListedResource(def, req.params.uri);
    if (!read) throw new McpError(INVALID_PARAMS, `Resource ${req.params.uri} not found`);
    return read;
  });
  return server;
}
