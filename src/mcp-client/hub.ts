// The hub joins every MCP server the agent may use behind one interface: the ten
// built-ins in-process over the SDK's in-memory transport, connected lazily on first
// use, and (see connections.ts) external servers from mcp.yaml.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_SERVERS, BUILTIN_SERVERS, isInProcessServer, loadBuiltinServer } from '../../mcp/registry.js';
import { VERSION } from '../../mcp/shared/version.js';
import { SameProcessValidator } from './same-process-validator.js';

export interface HubTool {
  server: string;
  name: string;
  description: string;
  inputSchema: Tool['inputSchema'];
  outputSchema?: Tool['outputSchema'];
  annotations?: ToolAnnotations;
}

export interface ToolCallOutcome {
  isError: boolean;
  /** All text blocks of the result, joined. */
  text: string;
  structured?: Record<string, unknown>;
  raw: CallToolResult;
}

/** Something that can hand the hub a connected MCP client for a server name. */
export interface ServerSource {
  readonly name: string;
  readonly transport: 'in-memory' | 'stdio' | 'http' | 'sse';
  connect(): Promise<Client>;
}

export function builtinSource(name: string): ServerSource {
  if (!isInProcessServer(name)) throw new Error(`"${name}" is not a built-in server`);
  return {
    name,
    transport: 'in-memory',
    async connect() {
      const mod = await loadBuiltinServer(name);
      const server = mod.createServer();
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'kaptain-kube', version: VERSION }, { jsonSchemaValidator: new SameProcessValidator() });
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      return client;
    },
  };
}

function isConnectionLost(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string };
  return e?.code === -32000 || /connection closed|not connected|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|fetch failed/i.test(e?.message ?? '');
}

export class McpHub {
  private readonly sources = new Map<string, ServerSource>();
  private readonly clients = new Map<string, Promise<Client>>();
  private readonly toolCache = new Map<string, HubTool[]>();

  constructor(sources: ServerSource[] = [...BUILTIN_SERVERS, ...AGENT_SERVERS].map(builtinSource)) {
    for (const s of sources) this.sources.set(s.name, s);
  }

  /** Adds or replaces a server (an mcp.yaml entry with a built-in's name replaces it). */
  add(source: ServerSource): void {
    this.sources.set(source.name, source);
    this.clients.delete(source.name);
    this.toolCache.delete(source.name);
  }

  serverNames(): string[] {
    return [...this.sources.keys()];
  }

  source(name: string): ServerSource | undefined {
    return this.sources.get(name);
  }

  client(server: string): Promise<Client> {
    let pending = this.clients.get(server);
    if (!pending) {
      const source = this.sources.get(server);
      if (!source) return Promise.reject(new Error(`no MCP server named "${server}" (known: ${this.serverNames().join(', ')})`));
      pending = source.connect();
      // A failed connection is not cached, so a later call may retry.
      pending.catch(() => this.clients.delete(server));
      this.clients.set(server, pending);
    }
    return pending;
  }

  async listTools(server: string): Promise<HubTool[]> {
    const cached = this.toolCache.get(server);
    if (cached) return cached;
    const client = await this.client(server);
    const tools: HubTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      for (const t of page.tools) {
        tools.push({ server, name: t.name, description: t.description ?? '', inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations });
      }
      cursor = page.nextCursor;
    } while (cursor);
    this.toolCache.set(server, tools);
    return tools;
  }

  async findTool(server: string, tool: string): Promise<HubTool | undefined> {
    return (await this.listTools(server)).find((t) => t.name === tool);
  }

  async callTool(server: string, tool: string, args: Record<string, unknown>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ToolCallOutcome> {
    const call = async () => (await this.client(server)).callTool({ name: tool, arguments: args }, undefined, { timeout: options.timeoutMs ?? 60_000, signal: options.signal });
    let raw: CallToolResult;
    try {
      raw = (await call()) as CallToolResult;
    } catch (err) {
      // A dropped connection (server restarted, stdio child died) gets one reconnect.
      if (options.signal?.aborted || !isConnectionLost(err)) throw err;
      this.clients.delete(server);
      raw = (await call()) as CallToolResult;
    }
    const text = (raw.content ?? [])
      .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
      .map((c) => c.text)
      .join('\n');
    return { isError: raw.isError === true, text, structured: raw.structuredContent as Record<string, unknown> | undefined, raw };
  }

  async close(): Promise<void> {
    const pending = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(pending.map(async (p) => (await p).close()));
  }
}
