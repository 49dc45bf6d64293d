// The ten built-in servers, by the names they carry in mcp.yaml and as tool prefixes.
// Each is imported only when first used, so a command loads only what it needs.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerJsonSchemas } from './shared/json-schema.js';
import { precomputedSchemas } from './precomputed-schemas.js';
import type { ServerDefinition } from './shared/definition.js';

export const BUILTIN_SERVERS = [
  'docker-analysis',
  'k8s-manifest-generator',
  'security-policy',
  'ingress-networking',
  'service-mesh',
  'monitoring-observability',
  'autoscaling',
  'database-operator',
  'gitops-cicd',
  'cost-optimization',
] as const;
export type BuiltinServerName = (typeof BUILTIN_SERVERS)[number];

/** Built in beside the ten: the agent's own kubectl tool, as in kubectl-ai's chat. */
export const AGENT_SERVERS = ['kubectl'] as const;
export type AgentServerName = (typeof AGENT_SERVERS)[number];

export function isBuiltinServer(name: string): name is BuiltinServerName {
  return (BUILTIN_SERVERS as readonly string[]).includes(name);
}

export function isInProcessServer(name: string): name is BuiltinServerName | AgentServerName {
  return isBuiltinServer(name) || (AGENT_SERVERS as readonly string[]).includes(name);
}

interface ServerModule {
  definition: ServerDefinition;
}

const loaders: Record<BuiltinServerName | AgentServerName, () => Promise<ServerModule>> = {
  kubectl: () => import('./kubectl/index.js'),
  'docker-analysis': () => import('./docker-analysis/index.js'),
  'k8s-manifest-generator': () => import('./k8s-manifest-generator/index.js'),
  'security-policy': () => import('./security-policy/index.js'),
  'ingress-networking': () => import('./ingress-networking/index.js'),
  'service-mesh': () => import('./service-mesh/index.js'),
  'monitoring-observability': () => import('./monitoring-observability/index.js'),
  autoscaling: () => import('./autoscaling/index.js'),
  'database-operator': () => import('./database-operator/index.js'),
  'gitops-cicd': () => import('./gitops-cicd/index.js'),
  'cost-optimization': () => import('./cost-optimization/index.js'),
};

/** A server's definition and its tools' JSON Schemas, without the MCP SDK (the hub calls these in-process). */
export async function loadBuiltinDefinition(
  name: BuiltinServerName | AgentServerName,
): Promise<{ definition: ServerDefinition; schemas?: ServerJsonSchemas }> {
  const [{ definition }, schemas] = await Promise.all([loaders[name](), precomputedSchemas(name)]);
  return { definition, schemas };
}

/** The same as an SDK Server, for MCP clients (`mcp serve`) and the protocol tests. */
export async function loadBuiltinServer(
  name: BuiltinServerName | AgentServerName,
): Promise<{ definition: ServerDefinition; createServer(): Server }> {
  const [{ definition, schemas }, { buildServer }] = await Promise.all([
    loadBuiltinDefinition(name),
    import('./shared/server.js'),
  ]);
  return { definition, createServer: () => buildServer(definition, schemas) };
}
