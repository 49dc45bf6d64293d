// A component left out of the plan is shown with why it is out — not with the reason it
// would have been in ("hpa: HPA 1–20 replicas" for a worker KEDA scales).
import { describe, expect, it } from 'vitest';
import { appDeploymentSchema } from '../../src/app-config/schema.js';
import { buildPlan } from '../../src/plan/plan.js';

const plan = (spec: Record<string, unknown>) =>
  buildPlan({
    config: appDeploymentSchema.parse({
      apiVersion: 'kaptainkube.dev/v1',
      kind: 'AppDeployment',
      metadata: { name: 'web' },
      spec: { image: 'ghcr.io/example/web:1', ports: [{ port: 8080 }], ...spec },
    }),
  });

const out = (p: ReturnType<typeof plan>, id: string) => {
  const c = p.components.find((x) => x.id === id)!;
  expect(c.enabled, id).toBe(false);
  return c.reasons[0]?.text ?? '';
};

describe('reasons of left-out components', () => {
  it('a queue worker KEDA scales: the HPA is out because KEDA scales it', () => {
    const p = plan({
      ports: [],
      requirements: ['Consume order events from a RabbitMQ queue'],
      scaling: { minReplicas: 1, maxReplicas: 20 },
    });
    expect(p.components.find((c) => c.id === 'keda')!.enabled).toBe(true);
    const why = out(p, 'hpa');
    expect(why).toMatch(/^KEDA scales on rabbitmq instead/);
    expect(why).not.toMatch(/^HPA /);
  });

  it('autoscaling switched off: hpa and vpa say so', () => {
    const p = plan({ components: { autoscaling: { enabled: false } } });
    expect(out(p, 'hpa')).toBe('autoscaling switched off');
    expect(out(p, 'vpa')).toBe('autoscaling switched off');
  });

  it('the same minimum and maximum: nothing to scale', () => {
    expect(out(plan({ scaling: { minReplicas: 2, maxReplicas: 2 } }), 'hpa')).toMatch(/^nothing to scale/);
  });

  it('mesh, monitoring and CI/CD switched off: each names its switch', () => {
    const p = plan({
      components: { serviceMesh: { enabled: false }, monitoring: { enabled: false }, cicd: { enabled: false } },
    });
    expect(out(p, 'service-mesh')).toBe('the service mesh switched off');
    for (const id of ['monitoring', 'alerts', 'dashboard', 'tracing', 'logging'])
      expect(out(p, id), id).toBe('monitoring switched off');
    expect(out(p, 'cicd')).toBe('CI/CD switched off');
    expect(out(p, 'argocd')).toBe('CI/CD switched off');
  });

  it('one signal off: tracing names spec.components.monitoring.traces', () => {
    const p = plan({ components: { monitoring: { traces: false } } });
    const tracing = p.components.find((c) => c.id === 'tracing')!;
    expect(tracing.reasons[0]).toMatchObject({ text: 'traces switched off', ref: 'spec.components.monitoring.traces' });
  });
});
