// A tool's zod schemas as the JSON Schemas tools/list announces: draft-07, the input
// side of the arguments and the output side of the result, as the MCP SDK converts
// them. One place, used at run time from source and by the build to precompute them.
import { z } from 'zod';
import type { ToolDefinition } from './tool.js';

export interface ToolJsonSchemas {
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema: { type: 'object'; [key: string]: unknown };
}

/** tool name → its JSON Schemas, for one server. */
export type ServerJsonSchemas = Record<string, ToolJsonSchemas>;

const converted = new WeakMap<ToolDefinition, ToolJsonSchemas>();

export function toolJsonSchemas(tool: ToolDefinition): ToolJsonSchemas {
  let schemas = converted.get(tool);
  if (!schemas) {
    schemas = {
      inputSchema: z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as ToolJsonSchemas['inputSchema'],
      outputSchema: z.toJSONSchema(tool.output, { target: 'draft-7', io: 'output' }) as ToolJsonSchemas['outputSchema'],
    };
    converted.set(tool, schemas);
  }
  return schemas;
}

export function serverJsonSchemas(tools: ToolDefinition[]): ServerJsonSchemas {
  return Object.fromEntries(tools.map((t) => [t.name, toolJsonSchemas(t)]));
}
