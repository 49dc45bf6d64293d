// Runs a system deploy (several AppDeployments, one session) in-process — the same
// engine, system planner, hub and built-in MCP servers as `deploy DIR` — and returns
// the rendered tree.
import { dirname } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { RulesSystemPlanner } from '../../src/agent/planners/rules-system.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';
import { runInProcess, treeOf } from './generate.js';

/** The system planner `deploy DIR` makes for these configs. */
export async function systemPlanner(configPaths: string[]): Promise<RulesSystemPlanner> {
  const loaded = [];
  for (const p of configPaths) loaded.push(await loadAppConfig(p));
  // As the CLI does for configs in one directory: that directory is the project root.
  setProjectRoot(dirname(loaded[0].file));
  return new RulesSystemPlanner({
    targets: loaded.map((l) => ({
      config: l.config,
      dockerfilePath: l.dockerfilePath,
      buildContextPath: l.buildContextPath,
    })),
  });
}

export async function generateSystem(configPaths: string[]) {
  const planner = await systemPlanner(configPaths);
  const { state } = await runInProcess({ planner, policy: 'yes', inputs: { configPaths } });
  const { files, objects, failures, validation, validations } = treeOf(state);
  return {
    files,
    objects,
    failures,
    validation,
    validations,
    plans: planner.plans(state),
    state,
  };
}
