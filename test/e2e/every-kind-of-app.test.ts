// The defaults hold for a worker without inbound ports as for a web app — the mesh's
// identity and STRICT mTLS for its outbound calls, alerts, dashboards, autoscaling — and
// a regulated profile is visible where auditors look: a label on the Namespace and the
// workloads, and egress that is denied unless a rule allows it.
import { describe, expect, it } from 'vitest';
import { generate } from '../helpers/generate.js';
import { generateTempApp } from '../helpers/temp-app.js';

const WORKER = 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nUSER node\nCMD ["node", "worker.js"]\n';
const PKG = JSON.stringify({ name: 'worker', dependencies: {} });

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any };
/** The first object of a kind; the app's own Namespace rather than its CI one. */
const one = (objects: Obj[], kind: string) =>
  objects.find((o) => o.kind === kind && !(kind === 'Namespace' && o.metadata.name.endsWith('-ci')))!;

describe('a worker without inbound ports keeps the defaults', () => {
  it('joins the mesh with STRICT mTLS, without routing objects it has no Service for', async () => {
    const { objects, plan } = await generateTempApp({
      name: 'mailer',
      dockerfile: WORKER,
      files: { 'package.json': PKG },
    });
    expect(plan.app.appType).toBe('worker');
    expect(plan.components.find((c) => c.id === 'service-mesh')).toMatchObject({ enabled: true });
    expect(one(objects, 'Namespace').metadata.labels).toMatchObject({ 'istio-injection': 'enabled' });
    expect(one(objects, 'Deployment').spec.template.metadata.labels).toMatchObject({
      'sidecar.istio.io/inject': 'true',
    });
    expect(one(objects, 'PeerAuthentication').spec.mtls).toEqual({ mode: 'STRICT' });
    expect(objects.filter((o) => ['VirtualService', 'DestinationRule', 'Service'].includes(o.kind))).toEqual([]);
    // The sidecar needs istiod, and the default-deny policy lets it through.
    const egress = objects.find((o) => o.metadata.name === 'mailer-allow-egress')!;
    expect(JSON.stringify(egress.spec.egress)).toContain('15012');
  });

  it('gets alerts, a dashboard and an autoscaler; no ServiceMonitor, with the reason shown', async () => {
    const { objects, plan } = await generateTempApp({
      name: 'mailer',
      dockerfile: WORKER,
      files: { 'package.json': PKG },
    });
    for (const id of ['alerts', 'dashboard', 'hpa', 'vpa'])
      expect(
        plan.components.find((c) => c.id === id),
        id,
      ).toMatchObject({ enabled: true });
    expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(true);
    const monitoring = plan.components.find((c) => c.id === 'monitoring')!;
    expect(monitoring.enabled).toBe(false);
    expect(monitoring.reasons[0].text).toMatch(/no known metrics endpoint/);
  });

  it('the queue-worker fixture is meshed too', async () => {
    const { objects } = await generate('queue-worker');
    expect(one(objects, 'PeerAuthentication').spec.mtls).toEqual({ mode: 'STRICT' });
  }, 60_000);
});

describe('regulated profiles are visible', () => {
  it('pci (user-service): the Namespace, the Deployment and its pods carry the profile label', async () => {
    const { objects } = await generate('user-service');
    const label = { 'kaptainkube.dev/compliance-profile': 'pci' };
    expect(one(objects, 'Namespace').metadata.labels).toMatchObject(label);
    const dep = one(objects, 'Deployment');
    expect(dep.metadata.labels).toMatchObject(label);
    expect(dep.spec.template.metadata.labels).toMatchObject(label);
  }, 60_000);

  it('hipaa named in the requirements: labelled hipaa; a standard app carries no profile label', async () => {
    const hipaa = await generateTempApp({
      name: 'records',
      dockerfile: WORKER,
      files: { 'package.json': PKG },
      spec: { requirements: ['HIPAA compliance required'] },
    });
    expect(one(hipaa.objects, 'Namespace').metadata.labels).toMatchObject({
      'kaptainkube.dev/compliance-profile': 'hipaa',
    });
    const { objects } = await generate('blog-api');
    expect(JSON.stringify(objects)).not.toContain('compliance-profile');
  }, 60_000);

  it('pci egress is default-deny with explicit allows, in the app namespace and the CI namespace', async () => {
    const { objects } = await generate('user-service');
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'user-service-default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // Every egress rule names its ports: nothing is open "to anything on any port".
    for (const p of policies)
      for (const rule of p.spec.egress ?? []) expect(rule.ports?.length, p.metadata.name).toBeGreaterThan(0);
    const ci = policies.find((p) => p.metadata.name === 'user-service-ci-egress')!;
    expect(ci.spec.policyTypes).toEqual(['Egress']);
    expect(ci.spec.egress.flatMap((r: { ports: { port: number }[] }) => r.ports.map((x) => x.port))).toEqual([
      53, 53, 443, 6443,
    ]);
  }, 60_000);
});
