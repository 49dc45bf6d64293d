import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig, parseAppConfig, ConfigError, appDeploymentJsonSchema } from '../../src/app-config/index.js';
import { runCli } from '../helpers/cli.js';

const head =
  'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  dockerfile: ./Dockerfile\n';
const issues = (text: string) => {
  const r = parseAppConfig(text, 'app.yaml');
  return 'issues' in r ? r.issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`) : [];
};

describe('AppDeployment errors name FILE:LINE:COL', () => {
  const cases: [string, string, string][] = [
    [
      'unknown key with did-you-mean',
      `${head}  portz: []\n`,
      'app.yaml:7:3: unknown key "portz" in spec; did you mean "ports"?',
    ],
    [
      'misspelt nested key',
      `${head}  scaling:\n    minReplica: 2\n`,
      'app.yaml:8:5: unknown key "minReplica" in spec.scaling; did you mean "minReplicas"?',
    ],
    [
      'port out of range (high)',
      `${head}  ports:\n    - port: 70000\n`,
      'app.yaml:8:13: spec.ports[0].port: must be between 1 and 65535',
    ],
    [
      'port out of range (zero)',
      `${head}  ports:\n    - port: 0\n`,
      'app.yaml:8:13: spec.ports[0].port: must be between 1 and 65535',
    ],
    [
      'bad protocol with hint',
      `${head}  ports:\n    - port: 80\n      protocol: htp\n`,
      'app.yaml:9:17: spec.ports[0].protocol: must be one of HTTP, HTTPS, TCP, UDP, gRPC; did you mean "HTTP"?',
    ],
    [
      'bad quantity',
      `${head}  resources:\n    cpu: lots\n`,
      'app.yaml:8:10: spec.resources.cpu: must be a Kubernetes quantity for cpu, such as "500m" or "2"',
    ],
    [
      'min greater than max',
      `${head}  scaling: {minReplicas: 5, maxReplicas: 2}\n`,
      'app.yaml:7:26: spec.scaling.minReplicas: minReplicas must not be greater than maxReplicas',
    ],
    [
      'name not DNS-1123',
      'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: Web_App\nspec:\n  dockerfile: ./Dockerfile\n',
      'app.yaml:4:9: metadata.name: must be a DNS-1123 label',
    ],
    [
      'bad security profile',
      `${head}  securityProfile: pcii\n`,
      'app.yaml:7:20: spec.securityProfile: must be one of standard, pci, hipaa, fips; did you mean "pci"?',
    ],
    [
      'bad mTLS mode',
      `${head}  components:\n    serviceMesh:\n      mTLS: strictt\n`,
      'app.yaml:9:13: spec.components.serviceMesh.mTLS: must be one of strict, permissive, disabled; did you mean "strict"?',
    ],
    ['YAML syntax error', 'apiVersion: kaptainkube.dev/v1\nkind: [AppDeployment\n', 'app.yaml:3:1: invalid YAML'],
    [
      'duplicate key',
      'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\n  name: x\nspec: {}\n',
      'app.yaml:5:3: invalid YAML: duplicate key',
    ],
    [
      'neither dockerfile nor image',
      'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n  ports: []\n',
      'app.yaml:6:3: spec.dockerfile: either spec.dockerfile or spec.image is required',
    ],
    [
      'wrong apiVersion',
      'apiVersion: v1\nkind: AppDeployment\nmetadata: {name: web}\nspec: {image: x}\n',
      'app.yaml:1:13: apiVersion: must be "kaptainkube.dev/v1"',
    ],
    ['wrong type', `${head}  requirements: "one"\n`, 'app.yaml:7:17: spec.requirements: expected array'],
    [
      'missing name',
      'apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata: {}\nspec: {image: x}\n',
      'app.yaml:3:11: metadata.name is required',
    ],
  ];
  it.each(cases)('%s', (_what, text, expected) => {
    expect(issues(text).join('\n')).toContain(expected);
  });

  it('reports every problem at once, sorted by line', () => {
    const all = issues(`${head}  securityProfile: x\n  ports:\n    - port: 0\n  bogus: 1\n`);
    expect(all).toHaveLength(3);
    expect(all.map((l) => Number(l.split(':')[1]))).toEqual([7, 9, 10]);
  });
});

describe('defaults and normalisation', () => {
  it("fills the spec's defaults and accepts protocols in any case", () => {
    const r = parseAppConfig(
      `${head}  ports:\n    - port: 9090\n      protocol: grpc\n  database:\n    type: postgresql\n`,
      'app.yaml',
    );
    if ('issues' in r) throw new Error(r.issues[0].message);
    const s = r.config.spec;
    expect(s.ports[0].protocol).toBe('gRPC');
    // minReplicas has no default: absent, the requirements may choose it; written, it is kept.
    expect(s.scaling).toEqual({ maxReplicas: 10, targetCPU: 80 });
    expect(s.securityProfile).toBe('standard');
    expect(s.buildContext).toBe('.');
    expect(s.database).toMatchObject({ backup: true });
    expect(s.components.ingress).toMatchObject({ className: 'kong', tls: true });
    expect(s.components.serviceMesh).toEqual({ enabled: true, mTLS: 'strict' });
    expect(s.components.monitoring).toEqual({ enabled: true, metrics: true, traces: true, logs: true });
    expect(s.components.autoscaling.enabled).toBe(true);
    expect(s.components.cicd).toMatchObject({ enabled: true, branch: 'main', webhook: true });
  });
});

describe('paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kk-cfg-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM node:22\n');
  const write = (name: string, spec: string) => {
    const p = join(dir, 'app', name);
    writeFileSync(p, `apiVersion: kaptainkube.dev/v1\nkind: AppDeployment\nmetadata:\n  name: web\nspec:\n${spec}`);
    return p;
  };
  it('resolve relative to the config and may not escape its directory', async () => {
    const ok = await loadAppConfig(write('ok.yaml', '  dockerfile: ./Dockerfile\n'));
    expect(ok.dockerfilePath).toBe(join(dir, 'app', 'Dockerfile'));
    await expect(loadAppConfig(write('escape.yaml', '  dockerfile: ../Dockerfile\n'))).rejects.toThrow(
      /escape\.yaml:6:15: spec\.dockerfile: "\.\.\/Dockerfile" points outside the directory/,
    );
    await expect(loadAppConfig(write('missing.yaml', '  dockerfile: ./Nope\n'))).rejects.toThrow(
      /missing\.yaml:6:15: spec\.dockerfile: "\.\/Nope" does not exist/,
    );
    await expect(loadAppConfig(write('ctx.yaml', '  image: x:1\n  buildContext: ../..\n'))).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe('CLI', () => {
  it('validate exits 0 for valid files and 2 with FILE:LINE:COL otherwise, without stack traces', async () => {
    expect(
      (await runCli(['validate', 'fixtures/blog-api/app-config.yaml', 'fixtures/user-service/app-config.yaml'])).code,
    ).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'kk-cli-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `${head}  portz: []\n`);
    const r = await runCli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:7:3: unknown key "portz"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const j = JSON.parse((await runCli(['validate', bad, '--output', 'json'])).stdout);
    expect(j.files[0]).toMatchObject({ valid: false, errors: [{ line: 7, col: 3 }] });
    expect((await runCli(['validate', join(dir, 'none.yaml')])).stderr).toContain('no such file');
  });

  it('schema prints a JSON Schema editors can use', async () => {
    const r = await runCli(['schema']);
    const s = JSON.parse(r.stdout);
    expect(s.$id).toBeDefined();
    expect(s.properties.spec.properties.ports).toBeDefined();
    expect(appDeploymentJsonSchema().title).toBe('AppDeployment');
  });
});
