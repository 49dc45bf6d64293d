// The built CLI on the bundled fixtures, as a user runs it.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tree } from '../helpers/tree.js';
import { runCli, REPO } from '../helpers/cli.js';
import { yamlToObjects } from '../../src/manifests/yaml.js';

const FIXTURES = readdirSync(join(REPO, 'fixtures')).filter((d) =>
  existsSync(join(REPO, 'fixtures', d, 'app-config.yaml')),
);

describe('deploy --generate-only on blog-api', () => {
  let out: string;
  let files: Map<string, string>;
  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), 'kk-deploy-')), 'out');
    const r = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--generate-only',
      '--output-dir',
      out,
      '--yes',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    files = tree(out);
  }, 120_000);

  it('writes the numbered tree', () => {
    for (const f of [
      'k8s-manifests/01-namespace.yaml',
      'k8s-manifests/03-configmap.yaml',
      'k8s-manifests/04-deployment.yaml',
      'k8s-manifests/05-service.yaml',
    ])
      expect(files.has(f), f).toBe(true);
  });

  it('Service selector and targetPort match the pods; probes use /health on port 3000', () => {
    const [dep] = yamlToObjects(files.get('k8s-manifests/04-deployment.yaml')!).filter(
      (o) => o.kind === 'Deployment',
    ) as any[];
    const [svc] = yamlToObjects(files.get('k8s-manifests/05-service.yaml')!).filter(
      (o) => o.kind === 'Service',
    ) as any[];
    const podLabels = dep.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(podLabels[k]).toBe(v);
    const container = dep.spec.template.spec.containers[0];
    const ports = container.ports as { name: string; containerPort: number }[];
    for (const p of svc.spec.ports) {
      const target = ports.find((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort);
      expect(target, `targetPort ${p.targetPort}`).toBeDefined();
      expect(target!.containerPort).toBe(3000);
    }
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(container[probe].httpGet.path, probe).toBe('/health');
      const port = container[probe].httpGet.port;
      expect(port === 3000 || ports.find((p) => p.name === port)?.containerPort === 3000, `${probe} port ${port}`).toBe(
        true,
      );
    }
  });

  it('is deterministic: a second run gives a byte-identical tree', async () => {
    const out2 = join(mkdtempSync(join(tmpdir(), 'kk-deploy-')), 'out');
    const r = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--generate-only',
      '--output-dir',
      out2,
      '--yes',
    ]);
    expect(r.code).toBe(0);
    expect(tree(out2)).toEqual(files);
  });

  it('refuses a non-empty output directory without --force, listing what would be overwritten, and changes nothing', async () => {
    const before = tree(out);
    const r = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--generate-only',
      '--output-dir',
      out,
      '--yes',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty; pass --force');
    expect(r.stderr).toContain('k8s-manifests/04-deployment.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(out)).toEqual(before);
  });
});

describe('deploy faces', () => {
  it('--plan-only prints components with reasons and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kk-plan-'));
    const r = await runCli(['deploy', join(REPO, 'fixtures/blog-api/app-config.yaml'), '--plan-only'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ deployment\s+Deployment/);
    expect(r.stdout).toMatch(/✓ database\s+.*postgresql 20Gi/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--dry-run --show-components lists what it would write and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kk-dry-'));
    const r = await runCli(
      ['deploy', join(REPO, 'fixtures/blog-api/app-config.yaml'), '--dry-run', '--show-components'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would write k8s-manifests/04-deployment.yaml');
    expect(r.stdout).toContain('nothing was written');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--output json is machine-readable', async () => {
    const r = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml', '--plan-only', '--output', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.app).toBe('blog-api');
    expect(j.components.find((c: { id: string }) => c.id === 'deployment').enabled).toBe(true);
  });

  it('applying without a TTY or --yes stops and names --yes and --interactive', async () => {
    const r = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interactive');
    expect(r.stderr).toContain('--yes');
  });

  it('deploy --interactive without a terminal says it needs one', async () => {
    const r = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml', '--interactive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a terminal');
  });

  it('bad flags are usage errors with exit 2 and no stack trace', async () => {
    const bad = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml', '--plan-only', '--resources-cpu', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--resources-cpu "lots" is not a Kubernetes quantity');
    const comp = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--plan-only',
      '--disable-component',
      'istoi',
    ]);
    expect(comp.code).toBe(2);
    expect(comp.stderr).toContain('unknown component "istoi"');
    expect(comp.stderr).not.toMatch(/\n\s+at /);
  });

  it('--disable-component and --resources-* shape the plan', async () => {
    const r = await runCli([
      'deploy',
      'fixtures/blog-api/app-config.yaml',
      '--plan-only',
      '--output',
      'json',
      '--disable-component',
      'istio',
      '--resources-cpu',
      '1000m',
      '--resources-memory',
      '2Gi',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.components.find((c: { id: string }) => c.id === 'service-mesh').enabled).toBe(false);
    expect(j.resources).toMatchObject({ cpu: '1000m', memory: '2Gi' });
  });

  it.each(FIXTURES)(
    '%s generates a tree that passes its own validation',
    async (name) => {
      const out = join(mkdtempSync(join(tmpdir(), 'kk-fx-')), 'out');
      const r = await runCli([
        'deploy',
        `fixtures/${name}/app-config.yaml`,
        '--generate-only',
        '--output-dir',
        out,
        '--yes',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The workload file: a Deployment, or a StatefulSet for an image-only database.
      const workload = ['04-deployment.yaml', '04-statefulset.yaml'].filter((f) =>
        existsSync(join(out, 'k8s-manifests', f)),
      );
      expect(workload).toHaveLength(1);
      expect(statSync(join(out, 'k8s-manifests', workload[0])).isFile()).toBe(true);
    },
    120_000,
  );
});
