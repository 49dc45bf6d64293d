// The numbers the user writes win over what the requirements infer: the plan keeps them and
// suggests instead; KEDA takes its bounds from spec.scaling; minReplicas 0 is for KEDA only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDeploymentSchema, type AppDeploymentInput } from '../../src/app-config/schema.js';
import { loadAppConfig } from '../../src/app-config/loader.js';
import { buildPlan } from '../../src/plan/plan.js';
import { inputOutcome, loadDeployInputs } from '../../src/cli/deploy-inputs.js';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesChatPlanner } from '../../src/agent/planners/rules-chat.js';
import { describePlan } from '../../src/agent/planners/rules-deploy.js';
import { loadTarget } from '../../src/agent/session-runner.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { workspaceFiles } from '../../src/manifests/workspace.js';
import { generateLoaded } from '../helpers/generate.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';
import { REPO, runCli } from '../helpers/cli.js';

function config(spec: Partial<AppDeploymentInput['spec']>) {
  return appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name: 'web' },
    spec: { image: 'ghcr.io/x/web:1.0', ports: [{ port: 8080 }], ...spec },
  });
}

const HA = ['High availability required'];

/** Writes an AppDeployment (and an optional Dockerfile) into a fresh directory; returns the config path. */
function project(yaml: string, dockerfile?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-user-numbers-'));
  writeFileSync(join(dir, 'app-config.yaml'), yaml);
  if (dockerfile) writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return join(dir, 'app-config.yaml');
}

const WORKER_DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "worker.js"]\n';
const workerYaml = (min: number, requirement: string) => `apiVersion: kaptainkube.dev/v1
kind: AppDeployment
metadata:
  name: jobs
spec:
  dockerfile: ./Dockerfile
  image: ghcr.io/x/jobs:1.0
  requirements:
    - "${requirement}"
  scaling:
    minReplicas: ${min}
    maxReplicas: 8
`;

describe('explicit replica counts are kept', () => {
  it('minReplicas 2 with "High availability required" stays 2, and the plan suggests 3', () => {
    const p = buildPlan({ config: config({ requirements: HA, scaling: { minReplicas: 2, maxReplicas: 6 } }) });
    expect(p.app.scaling.minReplicas).toBe(2);
    expect(p.warnings.join('\n')).not.toContain('minReplicas raised');
    expect(p.suggestions).toEqual([expect.objectContaining({ minReplicas: 3, maxReplicas: 6 })]);
    expect(p.suggestions[0].text).toContain('HA usually wants 3 replicas across zones');
    expect(describePlan(p)).toContain('? suggestion: HA usually wants 3 replicas across zones');
  });

  it('without a written minReplicas, high availability still chooses 3', () => {
    const p = buildPlan({ config: config({ requirements: HA }) });
    expect(p.app.scaling.minReplicas).toBe(3);
    expect(p.suggestions).toEqual([]);
  });

  it('a queue worker with minReplicas 1 gets KEDA minReplicaCount 1', async () => {
    const loaded = await loadAppConfig(join(REPO, 'fixtures', 'queue-worker', 'app-config.yaml'));
    expect(loaded.config.spec.scaling.minReplicas).toBe(1);
    const g = await generateLoaded(loaded);
    const so = g.objects.find((o) => o.kind === 'ScaledObject')!;
    expect(so.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 20 });
  });
});

describe('minReplicas 0', () => {
  it('is accepted for a queue worker and becomes KEDA minReplicaCount 0', async () => {
    const path = project(workerYaml(0, 'Consume jobs from a RabbitMQ queue'), WORKER_DOCKERFILE);
    const loaded = await loadDeployInputs(path);
    expect(loaded.config.spec.scaling.minReplicas).toBe(0);
    // As the CLI does: the config's directory is the only one the file-reading tools may read.
    setProjectRoot(loaded.dir);
    const g = await generateLoaded(loaded).finally(() => setProjectRoot(undefined));
    expect(g.failures).toEqual([]);
    expect(g.objects.find((o) => o.kind === 'ScaledObject')!.spec).toMatchObject({ minReplicaCount: 0 });
    expect(g.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('is refused with FILE:LINE:COL where an HPA would scale the app', async () => {
    const path = project(workerYaml(0, 'Serve the public API'), WORKER_DOCKERFILE);
    const out = await inputOutcome(() => loadDeployInputs(path));
    expect(out.code).toBe(2);
    expect(out.message).toMatch(
      /app-config\.yaml:11:18: spec\.scaling\.minReplicas: minReplicas 0 needs an event-driven worker scaled by KEDA/,
    );
  });

  it('the deploy command exits 2 with the position and writes nothing (spawned)', async () => {
    const path = project(workerYaml(0, 'Serve the public API'), WORKER_DOCKERFILE);
    const outDir = join(path, '..', 'out');
    const r = await runCli(['deploy', path, '--generate-only', '--output-dir', outDir], { timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/app-config\.yaml:11:18: spec\.scaling\.minReplicas: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('chat changes to the replicas', () => {
  async function chat(lines: string[]) {
    const hub = new McpHub();
    const planner = new RulesChatPlanner(loadTarget);
    const engine = new SessionEngine({
      hub,
      planner,
      sink: new MemorySink(),
      approver: async () => ({ decision: 'approve' }),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'yes',
    });
    const said: string[] = [];
    for (const text of lines) {
      await engine.emit({ type: 'user.message', text });
      await engine.run();
      said.push(
        engine.state.messages
          .filter((m) => m.role === 'assistant')
          .map((m) => m.text)
          .join('\n'),
      );
    }
    await hub.close();
    const hpa = workspaceFiles(engine.state.workspace)
      .flatMap((f) => f.objects as unknown as { kind: string; spec: { minReplicas: number; maxReplicas: number } }[])
      .find((o) => o.kind === 'HorizontalPodAutoscaler');
    return { hpa, said };
  }

  // python-api asks for high availability and leaves minReplicas out, so the plan starts at 3.
  const PYTHON_API = 'deploy fixtures/python-api/app-config.yaml';

  it('"replicas 2 to 5" sets both the minimum and the maximum', async () => {
    const { hpa } = await chat([PYTHON_API, 'replicas 2 to 5']);
    expect(hpa?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
  });

  it('"accept suggestion" takes the suggested 3 over a minimum of 2', async () => {
    const { hpa, said } = await chat([PYTHON_API, 'replicas 2 to 5', 'accept suggestion']);
    expect(said[1]).toContain('? suggestion: HA usually wants 3 replicas across zones');
    expect(hpa?.spec).toMatchObject({ minReplicas: 3, maxReplicas: 5 });
    expect(said[2]).toContain('Accepted: replicas 3–5');
  });

  it('"replicas 4" sets the minimum only', async () => {
    expect((await chat([PYTHON_API, 'replicas 4'])).hpa?.spec).toMatchObject({ minReplicas: 4, maxReplicas: 10 });
    expect((await chat([PYTHON_API, 'replicas 2 to 5', 'replicas 4'])).hpa?.spec).toMatchObject({
      minReplicas: 4,
      maxReplicas: 5,
    });
  });
});
