import { describe, expect, it } from 'vitest';
import { appDeploymentSchema, type AppDeploymentInput } from '../../src/app-config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';
import { resolveComponentNames } from '../../src/plan/components.js';
import { facts, ref } from '../helpers/facts.js';

function config(spec: Partial<AppDeploymentInput['spec']> = {}, name = 'web') {
  return appDeploymentSchema.parse({
    apiVersion: 'kaptainkube.dev/v1',
    kind: 'AppDeployment',
    metadata: { name },
    spec: { dockerfile: './Dockerfile', ...spec },
  });
}

const enabled = (p: ReturnType<typeof buildPlan>) => p.components.filter((c) => c.enabled).map((c) => c.id);
const reasonsOf = (p: ReturnType<typeof buildPlan>, id: string) =>
  p.components
    .find((c) => c.id === id)!
    .reasons.map((r) => r.text + (r.ref ? ` ${r.ref}` : ''))
    .join(' | ');

describe('component selection matrix (the spec rows)', () => {
  it('EXPOSE 80/443 → Kong Ingress + cert-manager, with the Dockerfile line as reason', () => {
    const p = buildPlan({
      config: config({ components: { ingress: { host: 'web.example.com' } } }),
      facts: facts({ exposed: [{ port: 443, protocol: 'tcp', source: ref(12, 'EXPOSE') }] }),
    });
    expect(enabled(p)).toEqual(expect.arrayContaining(['ingress', 'certificates']));
    expect(reasonsOf(p, 'ingress')).toContain('Kong Ingress + cert-manager ← EXPOSE 443');
    expect(reasonsOf(p, 'ingress')).toContain('Dockerfile:12');
    expect(p.app.ports[0]).toMatchObject({ port: 443, protocol: 'HTTPS', name: 'https' });
  });

  it('FROM postgres:* → skip the database operator', () => {
    const pg = { raw: 'postgres:16', name: 'postgres', tag: '16', isStage: false, source: ref(1, 'FROM') };
    const p = buildPlan({
      config: config({ database: { type: 'postgresql' } }),
      facts: facts({ finalBase: pg, baseImages: [pg], databaseImage: 'postgresql' }),
    });
    expect(enabled(p)).not.toContain('database');
    expect(reasonsOf(p, 'database')).toContain('skip database operator ← FROM postgres:16');
    expect(p.steps.some((s) => s.server === 'database-operator')).toBe(false);
  });

  it('ENV DATABASE_URL → Zalando Postgres Operator', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 8080 }] }),
      facts: facts({ dependencies: [{ kind: 'postgresql', evidence: 'ENV DATABASE_URL', source: ref(7, 'ENV') }] }),
    });
    expect(enabled(p)).toContain('database');
    expect(reasonsOf(p, 'database')).toContain('Zalando Postgres Operator ← ENV DATABASE_URL');
    expect(p.steps.find((s) => s.component === 'database')).toMatchObject({
      server: 'database-operator',
      tool: 'deploy_postgres_operator',
    });
  });

  it('USER 1000:1000 → restrictive security policies running as that uid', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 8080 }] }),
      facts: facts({ user: { raw: '1000:1000', uid: 1000, gid: 1000, root: false, source: ref(20, 'USER') } }),
    });
    expect(p.app.runAsUser).toBe(1000);
    expect(p.app.runAsGroup).toBe(1000);
    expect(reasonsOf(p, 'pod-security')).toContain('restrictive security policies ← USER 1000:1000');
  });

  it('HEALTHCHECK → probes from its path and port', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 8080 }] }),
      facts: facts({ healthcheck: { none: false, path: '/healthz', port: 8080, source: ref(9, 'HEALTHCHECK') } }),
    });
    expect(p.app.health).toEqual({ path: '/healthz', port: 8080, grpc: false });
  });

  it('a metrics library in the copied requirements.txt → a ServiceMonitor on the HTTP port', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 8000 }] }),
      facts: facts({
        language: 'python',
        manifests: [{ path: 'requirements.txt', kind: 'pip', source: ref(5, 'COPY') }],
        metricsLibrary: { name: 'a Prometheus instrumentator', path: '/metrics', evidence: 'requirements.txt' },
      }),
    });
    expect(reasonsOf(p, 'monitoring')).toContain(
      'a Prometheus instrumentator serves /metrics on port 8000 ← requirements.txt',
    );
    expect(p.app.language).toBe('python');
  });

  it('multi-stage builds feed the estimate when the config gives no resources', () => {
    const single = buildPlan({ config: config({ ports: [{ port: 8080 }] }), facts: facts({ language: 'go' }) });
    const multi = buildPlan({
      config: config({ ports: [{ port: 8080 }] }),
      facts: facts({ language: 'go', multiStage: true }),
    });
    expect(single.resources.reason.source).toBe('estimate');
    expect(multi.resources.reason.text).not.toEqual(single.resources.reason.text);
  });
});

describe('requirements → plan', () => {
  it('high availability raises minReplicas to 3 and adds a PDB', () => {
    const p = buildPlan({
      config: config({
        ports: [{ port: 9090, protocol: 'gRPC' }],
        requirements: ['High availability with 99.9% uptime'],
      }),
    });
    expect(p.app.scaling.minReplicas).toBe(3);
    expect(enabled(p)).toContain('pdb');
    expect(p.warnings.join('\n')).toContain('minReplicas raised from 1 to 3');
  });

  it('PCI in the requirements raises a standard profile', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 9090, protocol: 'grpc' }], requirements: ['PCI compliance required'] }),
    });
    expect(p.app.securityProfile).toBe('pci');
    expect(p.app.appType).toBe('grpc');
    expect(p.app.health).toEqual({ port: 9090, grpc: true });
  });

  it('concurrent users turn on Kong rate limiting', () => {
    const p = buildPlan({
      config: config({
        ports: [{ port: 8080 }],
        requirements: ['Handle 1000 concurrent users'],
        components: { ingress: { host: 'web.example.com' } },
      }),
    });
    expect(p.app.ingress?.rateLimitPerMinute).toBeGreaterThan(0);
  });

  it('GPU requirements and queues select gpu-inference and KEDA', () => {
    const gpu = buildPlan({ config: config({ requirements: ['GPU acceleration required'], ports: [{ port: 8501 }] }) });
    expect(gpu.app.appType).toBe('gpu-inference');
    expect(gpu.app.resources.gpu).toBe(1);
    const worker = buildPlan({ config: config({ requirements: ['Consume orders from a RabbitMQ queue'] }) });
    expect(worker.app.appType).toBe('worker');
    expect(enabled(worker)).toContain('keda');
    expect(enabled(worker)).not.toContain('hpa');
    expect(enabled(worker)).not.toContain('service');
  });
});

describe('flags', () => {
  it('--disable-component removes the component, its steps and its name from app.components', () => {
    const p = buildPlan({ config: config({ ports: [{ port: 8080 }] }), disabled: resolveComponentNames(['istio']) });
    expect(enabled(p)).not.toContain('service-mesh');
    expect(p.app.components).not.toContain('service-mesh');
    expect(p.steps.some((s) => s.server === 'service-mesh' && s.component === 'service-mesh')).toBe(false);
    expect(reasonsOf(p, 'service-mesh')).toContain('disabled on the command line');
  });

  it('disabling the ingress takes its certificates with it', () => {
    const p = buildPlan({ config: config({ ports: [{ port: 8080 }] }), disabled: ['ingress'] });
    expect(enabled(p)).not.toContain('certificates');
  });

  it('rejects unknown and core components', () => {
    expect(() => resolveComponentNames(['istoi'])).toThrow(/unknown component "istoi"/);
    expect(() => resolveComponentNames(['deployment'])).toThrow(/cannot be disabled/);
  });

  it('--resources-cpu/--resources-memory win over config and estimate', () => {
    const p = buildPlan({
      config: config({ ports: [{ port: 8080 }], resources: { cpu: '500m', memory: '1Gi' } }),
      overrides: { cpu: '1000m', memory: '2Gi' },
    });
    expect(p.app.resources).toMatchObject({ cpu: '1000m', memory: '2Gi', memoryLimit: '2Gi' });
    expect(p.resources.reason.source).toBe('flag');
  });

  it('is deterministic', () => {
    const input = { config: config({ ports: [{ port: 8080 }], requirements: ['High availability'] }), facts: facts() };
    expect(JSON.stringify(buildPlan(input))).toEqual(JSON.stringify(buildPlan(input)));
  });

  it('ends with validation of the whole set', () => {
    const p = buildPlan({ config: config({ ports: [{ port: 8080 }] }) });
    expect(p.steps.at(-1)).toMatchObject({ server: 'k8s-manifest-generator', tool: 'validate_manifests' });
  });
});
