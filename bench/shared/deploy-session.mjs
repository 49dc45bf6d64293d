// A whole deploy run in-process from a compiled tree (`dist`, or a tsc output folder):
// the engine, the rules planner and the built-in servers, every call approved by policy,
// the events kept in memory. What the benchmarks measure their part of.
import { join } from 'node:path';

/** The events of deploying `configPath` with the code compiled under `distRoot`. */
export async function recordDeploy(distRoot, configPath, label = 'bench') {
  const load = (p) => import(join(distRoot, p));
  const { loadAppConfig } = await load('src/app-config/index.js');
  const { MemorySink, SessionEngine } = await load('src/agent/engine.js');
  const { RulesDeployPlanner } = await load('src/agent/planners/rules-deploy.js');
  const { McpHub } = await load('src/mcp-client/hub.js');
  const loaded = await loadAppConfig(configPath);
  const hub = new McpHub();
  const sink = new MemorySink(() => 'T');
  const planner = new RulesDeployPlanner({
    target: { config: loaded.config, dockerfilePath: loaded.dockerfilePath, buildContextPath: loaded.buildContextPath },
    disabled: [],
  });
  const engine = new SessionEngine({ hub, planner, sink });
  await engine.emit({
    type: 'session.started',
    sessionId: label,
    command: 'deploy',
    inputs: { flags: {} },
    versions: { kaptainKube: label, node: process.version },
    planner: 'rules',
    policy: 'yes',
  });
  await engine.run();
  await hub.close();
  return sink.events;
}
