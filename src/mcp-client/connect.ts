// The hub a session uses: the ten built-ins in-process, plus every server in mcp.yaml
// (a built-in's name there replaces the built-in), with per-server status.
import { AGENT_SERVERS, BUILTIN_SERVERS } from '../../mcp/registry.js';
import { loadMcpConfig, secretValuesOf, type ServerConfig } from './config.js';
import { builtinSource, McpHub } from './hub.js';

export interface ServerStatus {
  name: string;
  transport: string;
  status: 'connected' | 'failed';
  builtin: boolean;
  tools: string[];
  resources: number;
  error?: string;
}

export interface HubSetup {
  hub: McpHub;
  configFile?: string;
  servers: ServerConfig[];
  warnings: string[];
  /** Credentials from the config, for the transcript's redactor. */
  secrets: string[];
  status(): Promise<ServerStatus[]>;
}

export async function createHub(opts: { mcpConfigPath?: string; includeBuiltins?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<HubSetup> {
  const cfg = await loadMcpConfig({ path: opts.mcpConfigPath, env: opts.env });
  const external = new Set(cfg.servers.map((s) => s.name));
  const builtins = opts.includeBuiltins === false ? [] : [...BUILTIN_SERVERS, ...AGENT_SERVERS].filter((n) => !external.has(n)).map(builtinSource);
  // The transports for mcp.yaml's servers (child processes, HTTP, SSE, TLS) load only when there are some.
  const sources = cfg.servers.length > 0 ? (await import('./external.js')).externalSource : undefined;
  const hub = new McpHub([...builtins, ...cfg.servers.map((s) => sources!(s, opts.env))]);
  return {
    hub,
    configFile: cfg.file,
    servers: cfg.servers,
    warnings: cfg.warnings,
    secrets: secretValuesOf(cfg.servers),
    async status() {
      // Connect to every server at once; one broken server does not stop the others.
      const names = hub.serverNames();
      const results = await Promise.allSettled(
        names.map(async (name) => {
          const client = await hub.client(name);
          const tools = await hub.listTools(name);
          const resources = client.getServerCapabilities()?.resources ? (await client.listResources()).resources.length : 0;
          return { tools: tools.map((t) => t.name), resources };
        }),
      );
      return names.map((name, i) => {
        const r = results[i];
        const source = hub.source(name)!;
        const base = { name, transport: source.transport, builtin: source.transport === 'in-memory' };
        return r.status === 'fulfilled' ? { ...base, status: 'connected' as const, ...r.value } : { ...base, status: 'failed' as const, tools: [], resources: 0, error: (r.reason as Error).message };
      });
    },
  };
}
