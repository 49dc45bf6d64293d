// The built-in servers as the hub reaches them: in this process, by calling the same
// handlers their MCP servers serve (mcp/shared/handlers.ts) — arguments and results
// still checked against each tool's schemas — without JSON-RPC framing, the SDK's
// message schemas or its module graph. `mcp serve` and the protocol tests keep the
// real SDK Server; see builtinMcpSource in hub.ts.
import type {
  CallToolResult,
  GetPromptResult,
  Progress,
  Prompt,
  Resource,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { loadBuiltinDefinition, type AgentServerName, type BuiltinServerName } from '../../mcp/registry.js';
import {
  callListedTool,
  INVALID_PARAMS,
  listedPrompts,
  listedResources,
  listedTools,
  promptMessages,
} from '../../mcp/shared/handlers.js';
import type { ServerJsonSchemas } from '../../mcp/shared/json-schema.js';
import type { ServerDefinition } from '../../mcp/shared/definition.js';

/** The part of an MCP client the hub uses; the SDK's Client has it, and so does InProcessClient. */
export interface HubClient {
  listTools(
    params?: { cursor?: string },
    options?: { timeout?: number },
  ): Promise<{ tools: Tool[]; nextCursor?: string }>;
  listResources(
    params?: { cursor?: string },
    options?: { timeout?: number },
  ): Promise<{ resources: Resource[]; nextCursor?: string }>;
  listPrompts(
    params?: { cursor?: string },
    options?: { timeout?: number },
  ): Promise<{ prompts: Prompt[]; nextCursor?: string }>;
  callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    resultSchema?: undefined,
    options?: { timeout?: number; signal?: AbortSignal; onprogress?: (p: Progress) => void },
  ): Promise<unknown>;
  getPrompt(
    params: { name: string; arguments?: Record<string, string> },
    options?: { timeout?: number },
  ): Promise<GetPromptResult>;
  getServerCapabilities(): ServerCapabilities | undefined;
  close(): Promise<void>;
  onclose?: () => void;
}

/** The SDK's code for a request that ran past its time (ErrorCode.RequestTimeout). */
const REQUEST_TIMEOUT = -32001;

export class InProcessClient implements HubClient {
  onclose?: () => void;
  private tools?: Tool[];

  private constructor(
    private readonly def: ServerDefinition,
    private readonly schemas: ServerJsonSchemas | undefined,
  ) {}

  static async connect(name: BuiltinServerName | AgentServerName): Promise<InProcessClient> {
    const { definition, schemas } = await loadBuiltinDefinition(name);
    return new InProcessClient(definition, schemas);
  }

  getServerCapabilities(): ServerCapabilities {
    return { tools: {}, resources: {}, logging: {}, ...(this.def.prompts?.length ? { prompts: {} } : {}) };
  }

  async listTools(): Promise<{ tools: Tool[] }> {
    return { tools: (this.tools ??= listedTools(this.def, this.schemas)) };
  }

  async listResources(): Promise<{ resources: Resource[] }> {
    return { resources: listedResources(this.def) };
  }

  async listPrompts(): Promise<{ prompts: Prompt[] }> {
    return { prompts: listedPrompts(this.def.prompts ?? []) };
  }

  async getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<GetPromptResult> {
    const got = promptMessages(this.def.prompts ?? [], params.name, params.arguments);
    if (typeof got === 'string') throw Object.assign(new Error(got), { code: INVALID_PARAMS });
    return got;
  }

  /** Runs the tool; past `timeout` or on `signal` the caller stops waiting, as with a remote server. */
  async callTool(
    params: { name: string; arguments?: Record<string, unknown> },
    _resultSchema?: undefined,
    options: { timeout?: number; signal?: AbortSignal; onprogress?: (p: Progress) => void } = {},
  ): Promise<CallToolResult> {
    const { timeout, signal, onprogress } = options;
    signal?.throwIfAborted();
    // Progress goes straight to the caller; log lines have no one to go to in-process.
    const call = callListedTool(this.def, params.name, params.arguments, {
      progress: async (progress, total, message) => onprogress?.({ progress, total, ...(message ? { message } : {}) }),
      log: async () => undefined,
    });
    if (!timeout && !signal) return call;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      if (timeout)
        timer = setTimeout(
          () => reject(Object.assign(new Error(`Request timed out after ${timeout} ms`), { code: REQUEST_TIMEOUT })),
          timeout,
        );
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([call, stop]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.onclose?.();
  }
}
