// Dockerfiles that used to end in exit 1 with an internal message (or in objects the
// API server refuses) are Dockerfile:LINE:COL errors with exit 2, or are handled:
// out-of-range USER ids, exec forms with non-strings, no FROM, UDP-only apps (no
// ServiceMonitor), duplicate EXPOSE ports (one Service port). A failed run prints
// no success line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { inputOutcome, loadDeployInputs } from '../../src/cli/deploy-inputs.js';
import { printDeployReport, type DeployReport } from '../../src/cli/deploy-report.js';
import { analyzeText, DockerfileError, type ContextReader } from '../../src/dockerfile/analyze.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';
import { buildPlan } from '../../src/plan/plan.js';
import { blogApi } from '../helpers/app-context.js';
import { runCli } from '../helpers/cli.js';
import { generateLoaded } from '../helpers/generate.js';
import { callOk, connectBuiltin } from '../helpers/mcp.js';

const CONFIG =
  'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  dockerfile: ./Dockerfile\n  image: ghcr.io/x/web:1.0\n';
const noFiles: ContextReader = { read: async () => undefined, list: async () => [] };
const analyze = (text: string) => analyzeText(text, 'Dockerfile', noFiles);

function project(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kk-input-df-'));
  writeFileSync(join(dir, 'app.yaml'), CONFIG);
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** The whole generation in-process (engine, rules planner, built-in servers), for one project. */
async function generateAt(dir: string) {
  // As deploy does: the config's directory is the project root the reading tools are confined to.
  setProjectRoot(dir);
  const loaded = await loadDeployInputs(join(dir, 'app.yaml'), { root: dir });
  const { failures, validation, objects } = await generateLoaded(loaded);
  setProjectRoot(undefined);
  return {
    failures,
    validation,
    objects: objects as { kind: string; spec?: { ports?: { port: number; protocol: string }[] } }[],
  };
}

const refused = async (text: string) => {
  const err = await analyze(text).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DockerfileError);
  return (err as Error).message;
};

describe('Dockerfile errors name Dockerfile:LINE:COL', () => {
  it.each([
    [
      'USER with a uid beyond int32',
      'FROM node:22\nUSER 99999999999999999999\n',
      'Dockerfile:2:6: USER uid 99999999999999999999 is out of range; Kubernetes accepts ids from 0 to 2147483647',
    ],
    ['USER 2147483648', 'FROM node:22\nUSER 2147483648\n', 'Dockerfile:2:6: USER uid 2147483648 is out of range'],
    [
      'USER with a gid beyond int32',
      'FROM node:22\nUSER 1000:4294967296\n',
      'Dockerfile:2:6: USER gid 4294967296 is out of range',
    ],
    [
      'CMD [1, null]',
      'FROM node:22\nCMD [1, null]\n',
      'Dockerfile:2:5: CMD in exec form must be a JSON array of strings',
    ],
    [
      'ENTRYPOINT with an object',
      'FROM node:22\nENTRYPOINT ["node", {"a": 1}]\n',
      'Dockerfile:2:12: ENTRYPOINT in exec form must be a JSON array of strings',
    ],
    [
      'VOLUME [1]',
      'FROM node:22\nVOLUME [1]\n',
      'Dockerfile:2:8: VOLUME in exec form must be a JSON array of strings, such as ["/data"]',
    ],
    ['no FROM', 'COPY . .\nCMD ["node"]\n', 'Dockerfile:1:1: no FROM instruction'],
    ['only ARGs', 'ARG X=1\n', 'Dockerfile:1:1: no FROM instruction'],
  ])('%s', async (_what, text, expected) => {
    expect(await refused(text)).toContain(expected);
  });

  it('ids up to int32 and names are fine; malformed JSON falls back to the shell form as Docker does', async () => {
    const f = await analyze(
      'FROM node:22\nUSER 2147483647:0\nVOLUME [not json\nCMD ["node",\nHEALTHCHECK --retries=abc --interval=99999999999999h CMD curl http://localhost/\n',
    );
    expect(f.user).toMatchObject({ uid: 2147483647, gid: 0 });
    expect(f.volumes.map((v) => v.path)).toEqual(['[not', 'json']);
    expect(f.cmd).toEqual(['/bin/sh', '-c', '["node",']);
    expect(f.healthcheck).toMatchObject({ retries: undefined, intervalSeconds: undefined });
  });

  it('deploy exits 2 with the Dockerfile position (spawned), and prints no success line', async () => {
    const dir = project('FROM node:22\nUSER 1000\nEXPOSE 3000\nCMD [1, null]\n');
    const r = await runCli(['deploy', join(dir, 'app.yaml'), '--generate-only', '--output-dir', join(dir, 'k8s')], {
      cwd: dir,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Dockerfile:4:5: CMD in exec form must be a JSON array of strings/m);
    expect(r.stdout).not.toMatch(/✓|written/);
  });

  it('the same input gives the same outcome through inputOutcome as through the CLI', async () => {
    const dir = project('COPY . .\n');
    const o = await inputOutcome(() => loadDeployInputs(join(dir, 'app.yaml')));
    expect(o.code).toBe(2);
    expect(o.message).toMatch(/Dockerfile:1:1: no FROM instruction/);
  });
});

describe('ports: duplicates merge, UDP-only apps are handled', () => {
  it('EXPOSE 80 80 (and again on another line) is one port, one Service port', async () => {
    const f = await analyze('FROM nginx:1.27\nEXPOSE 80 80\nEXPOSE 80/tcp 80/udp\n');
    expect(f.exposed.map((e) => `${e.port}/${e.protocol}`)).toEqual(['80/tcp', '80/udp']);
    const { failures, validation, objects } = await generateAt(project('FROM nginx:1.27\nUSER 101\nEXPOSE 80 80\n'));
    expect(failures).toEqual([]);
    expect(validation?.valid).toBe(true);
    const svc = objects.find((o) => o.kind === 'Service');
    expect(svc?.spec?.ports?.map((p) => p.port)).toEqual([80]);
  });

  it('duplicate exposed ports from another analyser still plan one port each', () => {
    const ref = { file: 'Dockerfile', line: 2, instruction: 'EXPOSE' };
    const facts = {
      file: 'Dockerfile',
      stages: [],
      finalStage: { index: 0 },
      multiStage: false,
      baseImages: [],
      finalBase: { raw: 'x', name: 'x', isStage: false, source: ref },
      exposed: [
        { port: 80, protocol: 'tcp' as const, source: ref },
        { port: 80, protocol: 'tcp' as const, source: ref },
      ],
      env: [],
      args: [],
      dependencies: [],
      language: 'unknown' as const,
      frameworks: [],
      manifests: [],
      volumes: [],
      gpu: false,
    };
    const config = {
      apiVersion: 'kaptainkube.dev/v1',
      kind: 'AppDeployment',
      metadata: { name: 'web', labels: {} },
      spec: {
        image: 'x:1',
        buildContext: '.',
        requirements: [],
        ports: [],
        resources: {},
        scaling: { minReplicas: 1, maxReplicas: 10, targetCPU: 80 },
        securityProfile: 'standard',
        secretsRequired: [],
        components: {
          ingress: { className: 'kong', tls: true, annotations: {} },
          serviceMesh: { enabled: true, mTLS: 'strict' },
          monitoring: { enabled: true, metrics: true, traces: true, logs: true },
          autoscaling: { enabled: true, predictive: false },
          cicd: { enabled: true, branch: 'main', webhook: true },
        },
      },
    };
    expect(buildPlan({ config: config as never, facts }).app.ports.map((p) => p.port)).toEqual([80]);
  });

  it('EXPOSE 53/udp as the only port generates without a ServiceMonitor and without failures', async () => {
    const { failures, objects } = await generateAt(
      project('FROM node:22\nUSER 1000\nEXPOSE 53/udp\nCMD ["node", "dns.js"]\n'),
    );
    expect(failures).toEqual([]);
    expect(objects.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
    expect(objects.find((o) => o.kind === 'Service')?.spec?.ports?.map((p) => p.protocol)).toEqual(['UDP']);
  });

  it('generate_service_monitor called for a UDP-only app (by any planner) returns no files, not an error', async () => {
    const client = await connectBuiltin('monitoring-observability');
    try {
      const app = blogApi({
        ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
        monitoring: { metrics: true, traces: true, logs: true },
      });
      const r = await callOk<{ files: unknown[]; findings: { rule: string }[] }>(client, 'generate_service_monitor', {
        app,
      });
      expect(r.files).toEqual([]);
      expect(r.findings.map((f) => f.rule)).toContain('servicemonitor-none');
    } finally {
      await client.close();
    }
  });
});

describe('a failed run never prints a success line', () => {
  it('the report of a failed generate run says nothing was written and has no "✓ N files written"', () => {
    const plan = buildPlan({
      config: {
        apiVersion: 'kaptainkube.dev/v1',
        kind: 'AppDeployment',
        metadata: { name: 'web', labels: {} },
        spec: {
          image: 'x:1',
          buildContext: '.',
          requirements: [],
          ports: [],
          resources: {},
          scaling: { minReplicas: 1, maxReplicas: 10, targetCPU: 80 },
          securityProfile: 'standard',
          secretsRequired: [],
          components: {
            ingress: { className: 'kong', tls: true, annotations: {} },
            serviceMesh: { enabled: true, mTLS: 'strict' },
            monitoring: { enabled: true, metrics: true, traces: true, logs: true },
            autoscaling: { enabled: true, predictive: false },
            cicd: { enabled: true, branch: 'main', webhook: true },
          },
        },
      } as never,
    });
    const report: DeployReport = {
      mode: 'generate',
      app: 'web',
      namespace: 'web',
      configFile: 'app.yaml',
      plan,
      files: ['a.yaml', 'b.yaml'],
      failures: ['x/y: broke'],
      outputDir: 'k8s',
      failed: true,
    };
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      printDeployReport(report, { disableComponent: [] });
      printDeployReport(report, { disableComponent: [], output: 'json' });
    } finally {
      spy.mockRestore();
    }
    const text = out.join('');
    expect(text).toContain('x/y: broke');
    expect(text).not.toMatch(/files written|Next:/);
    expect(JSON.parse(out[1]).files).toEqual([]);
  });
});
