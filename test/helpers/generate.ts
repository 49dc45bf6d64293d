// Runs a whole deploy in-process — the same engine, planner, hub and built-in MCP
// servers as the CLI, with an in-memory transcript — and returns the rendered tree.
import { join } from 'node:path';
import type { ComponentId } from '../../src/plan/app-context.js';
import { loadAppConfig, type LoadedAppConfig } from '../../src/app-config/index.js';
import { MemorySink, SessionEngine, type Approver, type Planner } from '../../src/agent/engine.js';
import { RulesDeployPlanner } from '../../src/agent/planners/rules-deploy.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { renderWorkspace, workspaceFiles } from '../../src/manifests/workspace.js';
import { yamlToObjects } from '../../src/manifests/yaml.js';
import type { EventOf, Policy } from '../../src/sessions/events.js';
import type { SessionState } from '../../src/sessions/state.js';
import { REPO } from './cli.js';

export async function generate(fixture: string, disabled: ComponentId[] = []) {
  return generateLoaded(await loadAppConfig(join(REPO, 'fixtures', fixture, 'app-config.yaml')), disabled);
}

/** The same run for a config already loaded (by the loader or by deploy's input checks). */
export async function generateLoaded(
  loaded: Pick<LoadedAppConfig, 'config' | 'dockerfilePath' | 'buildContextPath'>,
  disabled: ComponentId[] = [],
) {
  const planner = new RulesDeployPlanner({
    target: { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath },
    disabled,
  });
  const { state, sink } = await runInProcess({ planner, policy: 'yes' });
  const { files, objects, failures, validation } = treeOf(state);
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

/** One session in-process: the built-in servers behind a hub, the engine, an in-memory transcript. */
export async function runInProcess(opts: {
  planner: Planner;
  policy: Policy;
  command?: 'deploy' | 'chat';
  inputs?: EventOf<'session.started'>['inputs'];
  approver?: Approver;
}) {
  const hub = new McpHub();
  const sink = new MemorySink(() => 'T');
  const engine = new SessionEngine({ hub, planner: opts.planner, sink, approver: opts.approver });
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: opts.command ?? 'deploy',
    inputs: opts.inputs ?? { flags: {} },
    versions: { kaptainKube: 'test', node: process.version },
    planner: 'rules',
    policy: opts.policy,
  });
  await engine.run();
  await hub.close();
  return { state: engine.state, sink };
}

/** A finished session's tree: the rendered files, every object with its file, failed calls, the last validation. */
export function treeOf(state: SessionState) {
  const failures = state.calls.filter((c) => c.result?.isError).map((c) => `${c.proposed.tool}: ${c.result!.text}`);
  const validations = state.calls.filter((c) => c.proposed.tool === 'validate_manifests');
  const validation = validations.at(-1)?.result?.structured as {
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
  return { files, objects, failures, validation, validations: validations.length };
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
