// A built-in server as data: its tools, resources and prompts. server.ts serves it over
// MCP; the agent's hub calls it in-process (handlers.ts).
import type { PromptDefinition } from './prompt.js';
import type { ResourceDefinition } from './resource.js';
import type { ToolDefinition } from './tool.js';

export interface ServerDefinition {
  name: string;
  title: string;
  instructions: string;
  tools: ToolDefinition[];
  resources: ResourceDefinition[];
  /** Common tasks offered as MCP prompts (with completion of their arguments). */
  prompts?: PromptDefinition[];
}
