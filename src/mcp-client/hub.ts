// The hub joins every MCP server the agent may use behind one interface: the ten
// built-ins in this process (in-process.ts), connected lazily on first use, and
// (see connect.ts) external servers from mcp.yaml. The MCP SDK itself loads only
// for those, so a run with built-ins alone never pays for it.
import type {
  CallToolResult,
  GetPromptResult,
  Progress,
  Prompt,
  Resource,
  Tool,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AGENT_SERVERS, BUILTIN_SERVERS, isInProcessServer, loadBuiltinServer } from '../../mcp/registry.js';
import { PURE_META_KEY } from '../../mcp/shared/annotations.js';
import { VERSION } from '../version.js';
import { describeForModel, richBlocks, type RichBlock } from './content.js';
import { InProcessClient, type HubClient } from './in-process.js';

export type { HubClient } from './in-process.js';

// JSON-RPC error codes as the SDK's ErrorCode names them.
const CONNECTION_CLOSED = -32000;
const REQUEST_TIMEOUT = -32001;

export interface HubTool {
  server: string;
  name: string;
  description: string;
  inputSchema: Tool['inputSchema'];
  outputSchema?: Tool['outputSchema'];
  annotations?: ToolAnnotations;
  /** How far its annotations are believed (see ToolHints). */
  hints: ToolHints;
  /** A built-in generator declared pure: the only kind of call that may run before its decision. */
  pure: boolean;
}

/**
 * Whose word a tool's annotations are: the in-process built-ins', a server the user
 * marked `trusted` in mcp.yaml, or anyone else's (mere hints: world-changing).
 */
type ToolHints = 'builtin' | 'trusted' | 'untrusted';

export interface ToolCallOutcome {
  isError: boolean;
  /** All text blocks of the result, joined. */
  text: string;
  structured?: Record<string, unknown>;
  /** Images, audio and resources, kept whole for the transcript. */
  rich?: RichBlock[];
  raw: CallToolResult;
}

/** Something that can hand the hub a connected MCP client for a server name. */
export interface ServerSource {
  readonly name: string;
  readonly transport: 'in-memory' | 'stdio' | 'http' | 'sse';
  /** Absent means untrusted. */
  readonly hints?: ToolHints;
  /** How long one call may take (mcp.yaml's `timeout`); the hub's default otherwise. */
  readonly callTimeoutMs?: number;
  connect(): Promise<HubClient>;
  /** The transport the last connection used, when it can differ from `transport` (SSE fallback). */
  reached?(): 'http' | 'sse' | undefined;
  /** How the last connection's server process ended ("exit code 3"), when it has. */
  lastExit?(): string | undefined;
}

export function builtinSource(name: string): ServerSource {
  if (!isInProcessServer(name)) throw new Error(`"${name}" is not a built-in server`);
  return { name, transport: 'in-memory', hints: 'builtin', connect: () => InProcessClient.connect(name) };
}

/**
 * A built-in server behind the real protocol: an SDK Client and Server over the
 * in-memory transport. For the tests and benchmarks that hold the servers to MCP.
 */
export function builtinMcpSource(name: string): Omit<ServerSource, 'connect'> & { connect(): Promise<Client> } {
  if (!isInProcessServer(name)) throw new Error(`"${name}" is not a built-in server`);
  return {
    name,
    transport: 'in-memory',
    hints: 'builtin',
    async connect() {
      const [mod, { Client }, { InMemoryTransport }, { SameProcessValidator }] = await Promise.all([
        loadBuiltinServer(name),
        import('@modelcontextprotocol/sdk/client/index.js'),
        import('@modelcontextprotocol/sdk/inMemory.js'),
        import('./same-process-validator.js'),
      ]);
      const server = mod.createServer();
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client(
        { name: 'kaptain-kube', version: VERSION },
        { jsonSchemaValidator: new SameProcessValidator() },
      );
      await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
      return client;
    },
  };
}

/** An SDK Client (an external server's connection), which can receive notifications. */
function isSdkClient(c: HubClient): c is Client {
  return typeof (c as Partial<Client>).setNotificationHandler === 'function';
}

function isConnectionLost(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string };
  return (
    e?.code === CONNECTION_CLOSED ||
    /connection closed|not connected|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|fetch failed/i.test(e?.message ?? '')
  );
}

/** A server fault as the engine records it: an error result, so the session goes on. */
function faultOutcome(text: string): ToolCallOutcome {
  return { isError: true, text, raw: { content: [{ type: 'text', text }], isError: true } };
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;

type Attempt = { raw: CallToolResult } | { fault: string; lost: boolean };

export class McpHub {
  private readonly sources = new Map<string, ServerSource>();
  private readonly clients = new Map<string, Promise<HubClient>>();
  private readonly toolCache = new Map<string, HubTool[]>();
  private readonly progress = new Map<string, Progress>();

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

  client(server: string): Promise<HubClient> {
    let pending = this.clients.get(server);
    if (!pending) {
      const source = this.sources.get(server);
      if (!source)
        return Promise.reject(new Error(`no MCP server named "${server}" (known: ${this.serverNames().join(', ')})`));
      // A failed or closed connection is not cached, so the next call connects afresh.
      const forget = () => this.clients.get(server) === connecting && this.clients.delete(server);
      const connecting = source.connect().then(async (c) => {
        c.onclose = forget;
        // A server whose tools changed says so; the next listing asks it again.
        if (isSdkClient(c)) {
          const { ToolListChangedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
          c.setNotificationHandler(ToolListChangedNotificationSchema, async () => void this.toolCache.delete(server));
        }
        return c;
      });
      connecting.catch(forget);
      pending = connecting;
      this.clients.set(server, pending);
    }
    return pending;
  }

  /** The per-call deadline for a server: its mcp.yaml `timeout`, else one minute. */
  private timeoutOf(server: string): number {
    return this.sources.get(server)?.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  /** Every item of a paginated list call, page after page; each page has the server's deadline. */
  private async allPages<T>(
    server: string,
    page: (
      client: HubClient,
      cursor: { cursor: string } | undefined,
      timeout: number,
    ) => Promise<{ items: T[]; nextCursor?: string }>,
  ): Promise<T[]> {
    const client = await this.client(server);
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(client, cursor ? { cursor } : undefined, this.timeoutOf(server));
      out.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  }

  async listTools(server: string): Promise<HubTool[]> {
    const cached = this.toolCache.get(server);
    if (cached) return cached;
    const hints = this.sources.get(server)?.hints ?? 'untrusted';
    // A server that never lists its tools fails like a hung call, after its own timeout.
    const listed = await this.allPages(server, async (c, cursor, timeout) => {
      const p = await c.listTools(cursor, { timeout });
      return { items: p.tools, nextCursor: p.nextCursor };
    });
    const tools: HubTool[] = listed.map((t) => ({
      server,
      name: t.name,
      description: t.description ?? '',
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
      annotations: t.annotations,
      hints,
      pure: hints === 'builtin' && t._meta?.[PURE_META_KEY] === true,
    }));
    this.toolCache.set(server, tools);
    return tools;
  }

  /** Every resource a server lists, through all its pages. */
  async listResources(server: string): Promise<Resource[]> {
    if (!(await this.client(server)).getServerCapabilities()?.resources) return [];
    return this.allPages(server, async (c, cursor, timeout) => {
      const p = await c.listResources(cursor, { timeout });
      return { items: p.resources, nextCursor: p.nextCursor };
    });
  }

  /** Every prompt a server offers, through all its pages. */
  async listPrompts(server: string): Promise<Prompt[]> {
    if (!(await this.client(server)).getServerCapabilities()?.prompts) return [];
    return this.allPages(server, async (c, cursor, timeout) => {
      const p = await c.listPrompts(cursor, { timeout });
      return { items: p.prompts, nextCursor: p.nextCursor };
    });
  }

  /** A prompt's messages with its arguments filled in, within the server's deadline. */
  async getPrompt(server: string, name: string, args: Record<string, string>): Promise<GetPromptResult> {
    return (await this.client(server)).getPrompt({ name, arguments: args }, { timeout: this.timeoutOf(server) });
  }

  async findTool(server: string, tool: string): Promise<HubTool | undefined> {
    return (await this.listTools(server)).find((t) => t.name === tool);
  }

  /**
   * Calls a tool. A server that crashes, hangs past its timeout or drops the connection
   * yields an error outcome, not an exception, so the session records it and goes on;
   * only the caller's own abort throws. A call whose connection dropped mid-way may have
   * taken effect, so it runs again (once, on a new connection) only when the tool is
   * idempotent or a pure built-in.
   */
  async callTool(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    options: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
  ): Promise<ToolCallOutcome> {
    const timeoutMs = options.timeoutMs ?? this.timeoutOf(server);
    let r = await this.attempt(server, tool, args, timeoutMs, options.signal, options.onProgress);
    if ('fault' in r && r.lost) {
      if (!(await this.retrySafe(server, tool)))
        return faultOutcome(`${r.fault}; it may have taken effect, so it was not run again`);
      r = await this.attempt(server, tool, args, timeoutMs, options.signal, options.onProgress);
    }
    if ('fault' in r) return faultOutcome(r.fault);
    const raw = r.raw;
    // Text blocks as they are; images, audio and resources as lines describing them.
    const text = (raw.content ?? [])
      .map((c) => (c.type === 'text' ? c.text : describeForModel(c as RichBlock)))
      .join('\n');
    const rich = richBlocks(raw.content);
    return {
      isError: raw.isError === true,
      text,
      structured: raw.structuredContent as Record<string, unknown> | undefined,
      raw,
      ...(rich.length ? { rich } : {}),
    };
  }

  private async attempt(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    timeoutMs: number,
    signal?: AbortSignal,
    onProgress?: (p: Progress) => void,
  ): Promise<Attempt> {
    let client: HubClient;
    try {
      client = await this.client(server);
    } catch (err) {
      if (signal?.aborted) throw err;
      return { fault: `server "${server}" is not available: ${(err as Error).message}`, lost: false };
    }
    try {
      // Every call carries a progress token; the latest report is kept for whoever shows the call.
      const onprogress = (p: Progress) => {
        this.progress.set(`${server}/${tool}`, p);
        onProgress?.(p);
      };
      return {
        raw: (await client.callTool({ name: tool, arguments: args }, undefined, {
          timeout: timeoutMs,
          signal,
          onprogress,
        })) as CallToolResult,
      };
    } catch (err) {
      if (signal?.aborted) throw err;
      if ((err as { code?: unknown }).code === REQUEST_TIMEOUT)
        return {
          fault: `${server}/${tool} timed out after ${timeoutMs / 1000}s (the server was asked to cancel it)`,
          lost: false,
        };
      if (!isConnectionLost(err)) return { fault: `${server}/${tool} failed: ${(err as Error).message}`, lost: false };
      this.forget(server, client);
      const exit = this.sources.get(server)?.lastExit?.();
      return {
        fault: exit
          ? `server "${server}" crashed (${exit}) during ${tool}`
          : `server "${server}": connection lost during ${tool}`,
        lost: true,
      };
    }
  }

  /** The last progress a server reported for a call of this tool. */
  latestProgress(server: string, tool: string): Progress | undefined {
    return this.progress.get(`${server}/${tool}`);
  }

  /** Running a call again is safe only for a tool that says so, or a pure built-in. */
  private async retrySafe(server: string, tool: string): Promise<boolean> {
    const t = await this.findTool(server, tool).catch(() => undefined);
    return t?.annotations?.idempotentHint === true || t?.pure === true;
  }

  /** Drops a broken connection (closing it ends a stdio child) so the next call reconnects. */
  private forget(server: string, client: HubClient): void {
    const cached = this.clients.get(server);
    void cached?.then(
      (c) => c === client && this.clients.get(server) === cached && this.clients.delete(server),
      () => undefined,
    );
    void client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const pending = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(pending.map(async (p) => (await p).close()));
  }
}
