// Shared by the init suites: copying a fixture to a temporary directory, running a
// whole deploy in-process on any config file, deep-setting a path in plain data.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesDeployPlanner } from '../../src/agent/planners/rules-deploy.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { renderWorkspace } from '../../src/manifests/workspace.js';
import { REPO } from '../helpers/cli.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';

/** A copy of fixtures/NAME at TMP/NAME (the directory keeps its name: init may name the app after it). */
export function copyFixture(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kk-init-')), name);
  cpSync(join(REPO, 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** The tree `deploy --generate-only` writes for a config, rendered in-process (same engine and servers). */
export async function treeOf(configPath: string): Promise<{ files: Map<string, string>; failures: string[] }> {
  const loaded = await loadAppConfig(configPath);
  // As the CLI does: the config's directory is the only one the file-reading tools may read.
  setProjectRoot(loaded.dir);
  const hub = new McpHub();
  const planner = new RulesDeployPlanner({
    target: { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath },
    disabled: [],
  });
  const engine = new SessionEngine({ hub, planner, sink: new MemorySink(() => 'T') });
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
  const failures = engine.state.calls
    .filter((c) => c.result?.isError)
    .map((c) => `${c.proposed.tool}: ${c.result!.text}`);
  return { files: renderWorkspace(engine.state.workspace), failures };
}

/** Sets (or with `undefined` deletes) a dotted path such as "spec.ports.0.path" in plain data. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: Record<string, unknown> = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] === undefined) o[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[keys[i]] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}
