// fixtures/compose-shop → init → one AppDeployment per app service, each loading and
// deploying; Postgres, Redis and RabbitMQ become the database and requirements of the
// services that use them. Also: profiles, interpolation from the environment over .env,
// and refusal to overwrite without --force.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadAppConfig } from '../../src/app-config/loader.js';
import { yamlToObjects } from '../../src/manifests/yaml.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { copyFixture, treeOf } from './helpers.js';

type Config = { metadata: Record<string, any>; spec: Record<string, any> };

describe('init on fixtures/compose-shop', () => {
  let dir: string;
  let r: CliResult;
  let out: {
    written: { file: string; service: string; config: Config }[];
    warnings: { file: string; line: number; col: number; message: string }[];
  };
  const config = (service: string) => out.written.find((w) => w.service === service)!.config;
  const text = (service: string) => readFileSync(join(dir, `${service}.app-config.yaml`), 'utf8');
  const warning = (re: RegExp) => out.warnings.find((w) => re.test(w.message));

  beforeAll(async () => {
    dir = copyFixture('compose-shop');
    r = await runCli(['init', dir, '--yes', '-o', 'json'], {
      env: { API_TAG: '', WEB_PORT: '', COMPOSE_PROFILES: '' },
    });
    out = JSON.parse(r.stdout);
  });

  it('writes one config per app service, beside the Compose file; databases, caches and brokers are not apps', () => {
    expect(r.code).toBe(0);
    expect(out.written.map((w) => w.service)).toEqual(['web', 'api', 'worker']);
    for (const w of out.written) expect(w.file).toBe(join(dir, `${w.service}.app-config.yaml`));
    for (const s of ['db', 'cache', 'queue', 'adminer'])
      expect(() => statSync(join(dir, `${s}.app-config.yaml`))).toThrow();
  });

  it('maps build, image, ports, expose, healthcheck, deploy and the project name, each value commented with its source', () => {
    const api = config('api');
    expect(api.metadata).toEqual({ name: 'api', namespace: 'shop' });
    expect(api.spec.dockerfile).toBe('./api/Dockerfile');
    expect(api.spec.buildContext).toBe('./api');
    // ${API_TAG:-2.1.0}: the environment sets API_TAG empty, so the default applies.
    expect(api.spec.image).toBe('ghcr.io/example/shop-api:2.1.0');
    expect(api.spec.ports).toEqual([
      { port: 3000, protocol: 'HTTP', healthCheck: '/healthz' },
      { port: 9464, protocol: 'HTTP' },
    ]);
    expect(api.spec.scaling).toEqual({ minReplicas: 2 });
    expect(api.spec.resources).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(text('api')).toContain('- port: 3000 # compose: ports "3000:3000"');
    expect(text('api')).toContain(
      'healthCheck: /healthz # compose: healthcheck requests http://localhost:3000/healthz',
    );
    expect(text('api')).toContain('minReplicas: 2 # compose: deploy.replicas 2');
    expect(text('api')).toContain("# build.target runtime is the Dockerfile's final stage");
    const worker = config('worker');
    expect(worker.spec.scaling).toEqual({ minReplicas: 2 });
    expect(worker.spec.resources).toEqual({ cpu: '250m', memory: '256Mi' });
    // The worker overrides the image's command and lists no ports: EXPOSE 3000 is not its port.
    expect(worker.spec.ports).toBeUndefined();
    // web has no healthcheck in Compose: its Dockerfile's HEALTHCHECK gives the path.
    expect(config('web').spec.ports).toEqual([{ port: 8080, protocol: 'HTTP', healthCheck: '/' }]);
    expect(text('web')).toContain('healthCheck: / # HEALTHCHECK (Dockerfile:11)');
  });

  it('turns Postgres into the database of its users, Redis and RabbitMQ into requirements, app dependencies into connectsTo', () => {
    expect(config('api').spec.database).toEqual({ type: 'postgresql', version: '16' });
    expect(config('worker').spec.database).toEqual({ type: 'postgresql', version: '16' });
    expect(config('api').spec.requirements).toEqual(['Redis cache (compose service cache)']);
    expect(config('worker').spec.requirements).toEqual(['RabbitMQ queue (compose service queue)']);
    expect(config('web').spec.requirements).toBeUndefined();
    expect(config('web').spec.connectsTo).toEqual(['api']);
    expect(text('web')).toContain('- api # compose: environment API_URL names service api');
  });

  it('secrets and secret-looking environment become secretsRequired; no value reaches the config', () => {
    expect(config('api').spec.secretsRequired).toEqual(['api-env', 'db-password']);
    const t = text('api');
    expect(t).toContain('PAYMENT_API_KEY');
    expect(t).not.toContain('replace-me');
    // Plain environment is named (no field for it), never copied.
    expect(t).toMatch(/# environment not carried .*LOG_LEVEL/);
    // NODE_ENV and the restart policy come from compose.base.yaml through extends.
    expect(t).toMatch(/# environment not carried .*NODE_ENV/);
    expect(t).toContain('# restart unless-stopped');
    expect(t).not.toContain('postgres://shop@db');
  });

  it('warns at FILE:LINE:COL for what is not carried: bind mount, configs, command, entrypoint, secret files, inactive profile', () => {
    const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8').split('\n');
    const lineOf = (needle: string) => compose.findIndex((l) => l.includes(needle)) + 1;
    expect(warning(/bind mount \.\/web\/src:\/app\/src/)?.line).toBe(lineOf('./web/src:/app/src'));
    expect(warning(/^configs are not carried/)?.line).toBe(lineOf('configs:'));
    expect(warning(/^entrypoint is not carried/)?.line).toBe(lineOf('entrypoint:'));
    expect(out.warnings.filter((w) => /^command is not carried/.test(w.message))).toHaveLength(2);
    expect(warning(/secret db_password becomes Secret db-password/)).toBeDefined();
    expect(warning(/service adminer is left out/)?.line).toBe(lineOf('profiles: [debug]'));
    for (const w of out.warnings) expect(w.col).toBeGreaterThan(0);
  });

  it('every config loads and deploy --generate-only succeeds per service; the database comes through its operator', async () => {
    for (const w of out.written) await expect(loadAppConfig(w.file)).resolves.toBeDefined();
    const api = await runCli([
      'deploy',
      join(dir, 'api.app-config.yaml'),
      '--generate-only',
      '--output-dir',
      join(dir, 'k8s-api'),
      '--yes',
    ]);
    expect(api.code, api.stderr).toBe(0);
    const db = yamlToObjects(readFileSync(join(dir, 'k8s-api', 'k8s-manifests', '15-database.yaml'), 'utf8'));
    expect(db.some((o) => o.kind === 'postgresql')).toBe(true);
    for (const s of ['web', 'worker']) {
      const t = await treeOf(join(dir, `${s}.app-config.yaml`));
      expect(t.failures, s).toEqual([]);
      expect(t.files.has('k8s-manifests/04-deployment.yaml'), s).toBe(true);
    }
    const worker = await treeOf(join(dir, 'worker.app-config.yaml'));
    expect(worker.files.get('k8s-manifests/07-hpa.yaml')).toContain('type: rabbitmq');
  }, 60_000);

  it('refuses to overwrite without --force and changes nothing; --force replaces only its own files', async () => {
    const before = text('api');
    const again = await runCli(['init', dir, '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist; pass --force');
    expect(text('api')).toBe(before);
    const compose = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    const forced = await runCli(['init', dir, '--yes', '--force'], { env: { API_TAG: '3.0.0' } });
    expect(forced.code, forced.stderr).toBe(0);
    // The environment wins over .env and the default.
    expect(parse(text('api')).spec.image).toBe('ghcr.io/example/shop-api:3.0.0');
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(compose);
  });

  it('--compose names the file; configs go beside it whatever the working directory', async () => {
    const d = copyFixture('compose-shop');
    const res = await runCli(['init', '--compose', join(d, 'compose.yaml'), '--yes'], { cwd: join(d, 'web') });
    expect(res.code, res.stderr).toBe(0);
    expect(readFileSync(join(d, 'web.app-config.yaml'), 'utf8')).toContain('dockerfile: ./web/Dockerfile');
  });

  it('--profile activates a service left out by default', async () => {
    const d = copyFixture('compose-shop');
    const res = await runCli(['init', d, '--yes', '-o', 'json', '--profile', 'debug']);
    expect(res.code, res.stderr).toBe(0);
    const written = JSON.parse(res.stdout).written as { service: string; config: Config }[];
    expect(written.map((w) => w.service)).toEqual(['web', 'api', 'worker', 'adminer']);
    expect(written.find((w) => w.service === 'adminer')!.config.spec).toMatchObject({
      image: 'adminer:4.8.1',
      ports: [{ port: 8080 }],
      database: { type: 'postgresql' },
    });
  });
});
