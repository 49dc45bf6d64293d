// The hub a session uses: the ten built-ins in-process, plus every server in mcp.yaml
// (a built-in's name there replaces the built-in), with per-server status.
import { AGENT_SERVERS, BUILTIN_SERVERS } from '../../mcp/registry.js';
import { loadMcpConfig, secretValuesOf, type ServerConfig } from './config.js';
import { builtinSource, McpHub } from './hub.js';
import { McpHost } from './host-capabilities.js';

interface ServerStatus {
  name: string;
  transport: string;
  status: 'connected' | 'failed';
  builtin: boolean;
  tools: string[];
  resources: number;
  prompts: string[];
  error?: string;
}

export interface HubSetup {
  hub: McpHub;
  /** Roots, elicitation, sampling and logging for mcp.yaml's servers; a face that can ask a person sets `host.elicit`. */
  host: McpHost;
  configFile?: string;
  servers: ServerConfig[];
  warnings: string[];
  /** Credentials from the config, for the transcript's redactor. */
  secrets: string[];
  status(): Promise<ServerStatus[]>;
}

export async function createHub(
  opts: { mcpConfigPath?: string; includeBuiltins?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<HubSetup> {
  const cfg = await loadMcpConfig({ path: opts.mcpConfigPath, env: opts.env });
  const external = new Set(cfg.servers.map((s) => s.name));
  const builtins =
    opts.includeBuiltins === false
      ? []
      : [...BUILTIN_SERVERS, ...AGENT_SERVERS].filter((n) => !external.has(n)).map(builtinSource);
  // The transports for mcp.yaml's servers (child processes, HTTP, SSE, TLS) load only when there are some.
  const remote = cfg.servers.length > 0 ? await import('./external.js') : undefined;
  const sources = remote?.externalSource;
  const host = new McpHost();
  const hub = new McpHub([...builtins, ...cfg.servers.map((s) => sources!(s, opts.env, host))]);
  return {
    hub,
    host,
    configFile: cfg.file,
    servers: cfg.servers,
    warnings: cfg.warnings,
    secrets: [...secretValuesOf(cfg.servers), ...(remote?.storedOAuthSecrets(cfg.servers, opts.env) ?? [])],
    async status() {
      // Connect to every server at once; one broken server does not stop the others.
      const names = hub.serverNames();
      const results = await Promise.allSettled(
        names.map(async (name) => {
          const tools = await hub.listTools(name);
          const resources = (await hub.listResources(name)).length;
          const prompts = (await hub.listPrompts(name)).map((p) => p.name);
          return { tools: tools.map((t) => t.name), resources, prompts };
        }),
      );
      return names.map((name, i) => {
        const r = results[i];
        const source = hub.source(name)!;
        const base = {
          name,
          transport: source.reached?.() ?? source.transport,
          builtin: source.transport === 'in-memory',
        };
        return r.status === 'fulfilled'
          ? { ...base, status: 'connected' as const, ...r.value }
          : {
              ...base,
              status: 'failed' as const,
              tools: [],
              resources: 0,
              prompts: [],
              error: (r.reason as Error).message,
            };
      });
    },
  };
}
