// Runs a system deploy (several AppDeployments, one session) in-process — the same
// engine, system planner, hub and built-in MCP servers as `deploy DIR` — and returns
// the rendered tree.
import { dirname } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesSystemPlanner } from '../../src/agent/planners/rules-system.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { renderWorkspace, workspaceFiles } from '../../src/manifests/workspace.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';

export async function generateSystem(configPaths: string[]) {
  const loaded = [];
  for (const p of configPaths) loaded.push(await loadAppConfig(p));
  // As the CLI does for configs in one directory: that directory is the project root.
  setProjectRoot(dirname(loaded[0].file));
  const hub = new McpHub();
  const planner = new RulesSystemPlanner({
    targets: loaded.map((l) => ({
      config: l.config,
      dockerfilePath: l.dockerfilePath,
      buildContextPath: l.buildContextPath,
    })),
  });
  const engine = new SessionEngine({ hub, planner, sink: new MemorySink(() => 'T') });
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: 'deploy',
    inputs: { configPaths },
    versions: { kaptainKube: 'test', node: process.version },
    planner: 'rules',
    policy: 'yes',
  });
  await engine.run();
  await hub.close();
  const state = engine.state;
  const failures = state.calls.filter((c) => c.result?.isError).map((c) => `${c.proposed.tool}: ${c.result!.text}`);
  const validations = state.calls.filter((c) => c.proposed.tool === 'validate_manifests');
  const validation = validations.at(-1)?.result?.structured as {
    valid: boolean;
    findings: { severity: string; rule: string; message: string; subject?: string }[];
  };
  const objects = workspaceFiles(state.workspace).flatMap((f) => f.objects.map((o) => ({ ...o, file: f.path }))) as {
    file: string;
    kind: string;
    apiVersion: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    spec?: any;
  }[];
  return {
    files: renderWorkspace(state.workspace),
    objects,
    failures,
    validation,
    validations: validations.length,
    plans: planner.plans(state),
    state,
  };
}
