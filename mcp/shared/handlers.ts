// What a built-in server answers, as plain functions over its definition: the SDK
// Server (server.ts) serves them to MCP clients, and the agent's hub calls them
// directly for the servers that run in its own process (src/mcp-client/in-process.ts).
// Only types come from the SDK here, so the in-process path loads none of it.
import type { CallToolResult, GetPromptResult, Prompt, Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { PURE_META_KEY } from './annotations.js';
import { toolJsonSchemas, type ServerJsonSchemas } from './json-schema.js';
import type { PromptDefinition } from './prompt.js';
import type { ServerDefinition } from './definition.js';
import type { ToolContext } from './tool-context.js';
import { runTool } from './tool.js';

// JSON-RPC error codes as the SDK's ErrorCode names them.
export const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

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

/** tools/list: JSON Schemas converted once (or at build time), pure generators marked. */
export function listedTools(def: ServerDefinition, precomputed?: ServerJsonSchemas): Tool[] {
  return def.tools.map((t): Tool => ({
    name: t.name,
    title: t.title,
    description: t.description,
    ...(precomputed?.[t.name] ?? toolJsonSchemas(t)),
    annotations: { title: t.title, ...t.annotations },
    ...(t.pure ? { _meta: { [PURE_META_KEY]: true } } : {}),
  }));
}

/** tools/call: arguments and result checked against the tool's zod schemas; `ctx` carries progress and logs. */
export async function callListedTool(
  def: ServerDefinition,
  name: string,
  args: unknown,
  ctx?: ToolContext,
): Promise<CallToolResult> {
  const tool = def.tools.find((t) => t.name === name);
  if (!tool) return toolError(`MCP error ${INVALID_PARAMS}: Tool ${name} not found`);
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success)
    return toolError(
      `MCP error ${INVALID_PARAMS}: Input validation error: Invalid arguments for tool ${tool.name}: ${describeIssues(parsed.error)}`,
    );
  const result = await runTool(tool, parsed.data, ctx);
  if (result.isError) return result;
  // The result a client receives always matches the output schema tools/list announced.
  const checked = tool.output.safeParse(result.structuredContent);
  if (!checked.success)
    return toolError(
      `MCP error ${INTERNAL_ERROR}: Output validation error: Invalid structured content for tool ${tool.name}: ${describeIssues(checked.error)}`,
    );
  return result;
}

export function listedResources(def: ServerDefinition): Resource[] {
  return def.resources.map((r) => ({
    uri: r.uri,
    name: r.name,
    title: r.title,
    description: r.description,
    mimeType: r.mimeType,
  }));
}

/** resources/read; undefined for a URI the server does not have. */
export async function readListedResource(
  def: ServerDefinition,
  uri: string,
): Promise<{ contents: { uri: string; mimeType: string; text: string }[] } | undefined> {
  const res = def.resources.find((r) => r.uri === uri);
  if (!res) return undefined;
  return { contents: [{ uri: res.uri, mimeType: res.mimeType, text: await res.read() }] };
}

/** prompts/list. */
export function listedPrompts(prompts: readonly PromptDefinition[]): Prompt[] {
  return prompts.map((p) => ({
    name: p.name,
    title: p.title,
    description: p.description,
    arguments: p.arguments.map((a) => ({ name: a.name, description: a.description, required: a.required ?? false })),
  }));
}

/** prompts/get; a string when the prompt is unknown or a required argument is missing (the caller's error). */
export function promptMessages(
  prompts: readonly PromptDefinition[],
  name: string,
  args: Record<string, string> = {},
): GetPromptResult | string {
  const p = prompts.find((x) => x.name === name);
  if (!p) return `Prompt ${name} not found; see prompts/list`;
  const missing = p.arguments.filter((a) => a.required && !args[a.name]?.trim()).map((a) => a.name);
  if (missing.length) return `Prompt ${p.name} needs ${missing.join(', ')}`;
  return { description: p.description, messages: [{ role: 'user', content: { type: 'text', text: p.text(args) } }] };
}
