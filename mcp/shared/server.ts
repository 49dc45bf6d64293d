// Builds an MCP server from a server's tool and resource definitions, on the SDK's
// protocol-level Server: tools/list announces JSON Schemas converted once (or at build
// time), tools/call checks the arguments and the result against the tool's zod schemas.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { PURE_META_KEY } from './annotations.js';
import { toolJsonSchemas, type ServerJsonSchemas } from './json-schema.js';
import type { ResourceDefinition } from './resource.js';
import { runTool, type ToolDefinition } from './tool.js';
import { VERSION } from '../../src/version.js';

export interface ServerDefinition {
  name: string;
  title: string;
  instructions: string;
  tools: ToolDefinition[];
  resources: ResourceDefinition[];
}

// The Server validates elicitation answers with it, which these servers never request;
// building Ajv for each server would only cost start-up time.
function lazyAjv(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

/** Zod issues as "message at path" lines, the form MCP clients show for schema errors. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) =>
      i.path.length
        ? `${i.message} at ${i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join('')}`
        : i.message,
    )
    .join('\n');
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

export function buildServer(def: ServerDefinition, precomputed?: ServerJsonSchemas): Server {
  const server = new Server(
    { name: def.name, title: def.title, version: VERSION },
    { instructions: def.instructions, capabilities: { tools: {}, resources: {} }, jsonSchemaValidator: lazyAjv() },
  );
  const tools = new Map(def.tools.map((t) => [t.name, t]));
  const resources = new Map(def.resources.map((r) => [r.uri, r]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: def.tools.map((t): Tool => ({
      name: t.name,
      title: t.title,
      description: t.description,
      ...(precomputed?.[t.name] ?? toolJsonSchemas(t)),
      annotations: { title: t.title, ...t.annotations },
      ...(t.pure ? { _meta: { [PURE_META_KEY]: true } } : {}),
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const tool = tools.get(req.params.name);
    if (!tool) return toolError(`MCP error ${ErrorCode.InvalidParams}: Tool ${req.params.name} not found`);
    const args = tool.input.safeParse(req.params.arguments ?? {});
    if (!args.success)
      return toolError(
        `MCP error ${ErrorCode.InvalidParams}: Input validation error: Invalid arguments for tool ${tool.name}: ${describeIssues(args.error)}`,
      );
    const result = await runTool(tool, args.data);
    if (result.isError) return result;
    // The result a client receives always matches the output schema tools/list announced.
    const checked = tool.output.safeParse(result.structuredContent);
    if (!checked.success)
      return toolError(
        `MCP error ${ErrorCode.InternalError}: Output validation error: Invalid structured content for tool ${tool.name}: ${describeIssues(checked.error)}`,
      );
    return result;
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: def.resources.map((r) => ({
      uri: r.uri,
      name: r.name,
      title: r.title,
      description: r.description,
      mimeType: r.mimeType,
    })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const res = resources.get(req.params.uri);
    if (!res) throw new McpError(ErrorCode.InvalidParams, `Resource ${req.params.uri} not found`);
    return { contents: [{ uri: res.uri, mimeType: res.mimeType, text: await res.read() }] };
  });

  return server;
}
