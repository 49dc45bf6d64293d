// Runs a whole deploy in-process — the same engine, planner, hub and built-in MCP
// servers as the CLI, with an in-memory transcript — and returns the rendered tree.
import { join } from 'node:path';
import type { ComponentId } from '../../src/plan/app-context.js';
import { loadAppConfig, type LoadedAppConfig } from '../../src/app-config/index.js';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesDeployPlanner } from '../../src/agent/planners/rules-deploy.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { renderWorkspace, workspaceFiles } from '../../src/manifests/workspace.js';
import { yamlToObjects } from '../../src/manifests/yaml.js';
import { REPO } from './cli.js';

export async function generate(fixture: string, disabled: ComponentId[] = []) {
  return generateLoaded(await loadAppConfig(join(REPO, 'fixtures', fixture, 'app-config.yaml')), disabled);
}

/** The same run for a config already loaded (by the loader or by deploy's input checks). */
export async function generateLoaded(
  loaded: Pick<LoadedAppConfig, 'config' | 'dockerfilePath' | 'buildContextPath'>,
  disabled: ComponentId[] = [],
) {
  const hub = new McpHub();
  const planner = new RulesDeployPlanner({
    target: { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath },
    disabled,
  });
  const sink = new MemorySink(() => 'T');
  const engine = new SessionEngine({ hub, planner, sink });
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: 'deploy',
    inputs: { flags: {} },
    versions: { kaptainKube: 'test', node: process.version },
    planner: 'rules',
    policy: 'yes',
  });
  await engine.run();
  await hub.close();
  const state = engine.state;
  const failures = state.calls.filter((c) => c.result?.isError).map((c) => `${c.proposed.tool}: ${c.result!.text}`);
  const validation = state.calls.find((c) => c.proposed.tool === 'validate_manifests')?.result?.structured as {
    valid: boolean;
    findings: { severity: string; rule: string; message: string; subject?: string }[];
    validatedKinds: string[];
    unvalidatedKinds: string[];
  };
  const files = renderWorkspace(state.workspace);
  const objects = workspaceFiles(state.workspace).flatMap((f) => f.objects.map((o) => ({ ...o, file: f.path }))) as {
    file: string;
    kind: string;
    apiVersion: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: any;
    data?: any;
  }[];
  const text = [...files.values()].join('\n');
  return {
    files,
    objects,
    text,
    failures,
    validation,
    plan: planner.planFor(state),
    state,
    events: sink.events,
    parse: yamlToObjects,
  };
}

export const FIXTURES = [
  'blog-api',
  'user-service',
  'image-classifier',
  'python-api',
  'static-site',
  'queue-worker',
  'stage-chain-web',
  'postgres-db',
  'redis-cache',
];
