// The full production tree for every fixture: valid by the project's own rules and
// by kubernetes-models schemas, with values that come from each fixture's config.
import { describe, expect, it } from 'vitest';
import { generate, FIXTURES } from '../helpers/generate.js';

const kinds = (objs: { kind: string }[]) => objs.map((o) => o.kind);

describe.each(FIXTURES)('%s: full tree', (fixture) => {
  it('generates without failures and passes validation', async () => {
    const g = await generate(fixture);
    expect(g.failures).toEqual([]);
    const errors = g.validation.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
    expect(g.validation.valid).toBe(true);
    // Every object with a model was schema-checked: the validated kinds include the core ones.
    const workload = g.objects.some((o) => o.kind === 'StatefulSet') ? 'apps/v1/StatefulSet' : 'apps/v1/Deployment';
    expect(g.validation.validatedKinds).toEqual(expect.arrayContaining([workload, 'v1/Namespace']));
  }, 60_000);
});

describe("values from the fixtures' configs", () => {
  it('blog-api: port 3000, /health probes, Kong with TLS, Zalando 20Gi, HPA 1–10 at 80%, mTLS STRICT', async () => {
    const g = await generate('blog-api');
    const dep = g.objects.find((o) => o.kind === 'Deployment')!;
    expect(dep.spec.template.spec.containers[0].ports).toEqual([
      { name: 'http', containerPort: 3000, protocol: 'TCP' },
    ]);
    expect(dep.spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    const ing = g.objects.find((o) => o.kind === 'Ingress')!;
    expect(ing.spec.ingressClassName).toBe('kong');
    expect(ing.spec.rules[0]).toMatchObject({ host: 'blog.example.com', http: { paths: [{ path: '/api' }] } });
    expect(ing.spec.tls[0].secretName).toBe('blog-api-tls');
    expect(kinds(g.objects)).toEqual(expect.arrayContaining(['Certificate', 'Issuer']));
    const pg = g.objects.find((o) => o.kind === 'postgresql')!;
    expect(pg.spec.volume.size).toBe('20Gi');
    const hpa = g.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 10,
      scaleTargetRef: { kind: 'Rollout', name: 'blog-api' },
    });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(80);
    // The HPA owns the Rollout's scale, and the Deployment it runs stays at zero.
    expect(g.objects.find((o) => o.kind === 'Rollout')!.spec).not.toHaveProperty('replicas');
    expect(dep.spec.replicas).toBe(0);
    expect(g.validation.findings.filter((f) => f.rule === 'hpa-replicas')).toEqual([]);
    expect(g.objects.find((o) => o.kind === 'PeerAuthentication')!.spec.mtls.mode).toBe('STRICT');
    expect(g.objects.find((o) => o.kind === 'Application')!.spec.source.repoURL).toBe(
      'https://github.com/example/blog-api.git',
    );
  }, 60_000);

  it('user-service: gRPC probes, 3–50 replicas at 70%, PCI Gatekeeper constraints, PDB, Kong speaking gRPC', async () => {
    const g = await generate('user-service');
    const c = g.objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(c.readinessProbe.grpc).toEqual({ port: 9090 });
    const hpa = g.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 50 });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(70);
    expect(kinds(g.objects)).toEqual(
      expect.arrayContaining([
        'ConstraintTemplate',
        'KaptainRequiredNonRoot',
        'KaptainAllowedRegistries',
        'PodDisruptionBudget',
      ]),
    );
    const ing = g.objects.find((o) => o.kind === 'Ingress')!;
    expect(
      (ing.metadata as unknown as { annotations: Record<string, string> }).annotations['konghq.com/protocols'],
    ).toBe('grpc,grpcs');
    // The signing key is the user's: referenced by the pods, never generated.
    expect(g.objects.some((o) => o.kind === 'Secret')).toBe(false);
    expect(c.envFrom).toContainEqual({ secretRef: { name: 'user-service-signing-key' } });
  }, 60_000);

  it('image-classifier: nvidia.com/gpu limit 1, 8Gi memory, GPU toleration, GPU dashboard', async () => {
    const g = await generate('image-classifier');
    const spec = g.objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(spec.containers[0].resources.requests.memory).toBe('8Gi');
    expect(spec.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    const dash = g.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')!;
    const json = JSON.parse(Object.values(dash.data as Record<string, string>)[0]);
    expect(json.panels.map((p: { title: string }) => p.title)).toContain('GPU utilisation');
    expect(
      json.panels.every((p: { targets: { expr: string }[] }) => p.targets[0].expr.includes('image-classifier')),
    ).toBe(true);
  }, 60_000);

  it('python-api: NGINX class, rate limit from "1000 concurrent users", HA raises replicas to 3', async () => {
    const g = await generate('python-api');
    const ing = g.objects.find((o) => o.kind === 'Ingress')!;
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.metadata as unknown as { annotations: Record<string, string> }).toMatchObject({
      annotations: { 'nginx.ingress.kubernetes.io/limit-rpm': '600' },
    });
    expect(g.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec.minReplicas).toBe(3);
    // The app's namespace, and its CI's beside it.
    expect(
      g.objects
        .filter((o) => o.kind === 'Namespace')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['inventory', 'inventory-ci']);
  }, 60_000);

  it('queue-worker: KEDA on RabbitMQ, no Service, no HPA', async () => {
    const g = await generate('queue-worker');
    const so = g.objects.find((o) => o.kind === 'ScaledObject')!;
    expect(so.spec.triggers[0].type).toBe('rabbitmq');
    expect(so.spec.maxReplicaCount).toBe(20);
    expect(kinds(g.objects)).not.toContain('Service');
    expect(kinds(g.objects)).not.toContain('HorizontalPodAutoscaler');
  }, 60_000);

  it('static-site: EXPOSE 80/443 gives Kong + cert-manager; mesh off means no Istio objects', async () => {
    const g = await generate('static-site');
    expect(kinds(g.objects)).toEqual(expect.arrayContaining(['Ingress', 'Certificate']));
    expect(kinds(g.objects)).not.toContain('VirtualService');
    expect(
      g.plan.components
        .find((c) => c.id === 'ingress')!
        .reasons.map((r) => r.text)
        .join(),
    ).toContain('EXPOSE 80');
  }, 60_000);

  it('stage-chain-web: port, user and health check come from the parent stage (web app, not a worker)', async () => {
    const g = await generate('stage-chain-web');
    const dep = g.objects.find((o) => o.kind === 'Deployment')!;
    const c = dep.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    // USER node in the parent stage: the node image's uid 1000, not an invented one.
    expect(dep.spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(g.objects.find((o) => o.kind === 'Service')!.spec.ports[0]).toMatchObject({ port: 3000 });
    expect(g.objects.find((o) => o.kind === 'Ingress')!.spec.rules[0].host).toBe('notes.example.com');
  }, 60_000);
});
