// Production-readiness rules through validateManifests, on small hand-written sets:
// each rule fires on the mistake it names, says which object and file, and stays
// quiet on the hardened pod the generators produce.
import { describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/manifests/validate.js';

const labels = { app: 'web' };
const hardened = {
  name: 'web',
  image: 'ghcr.io/example/web:1.2.3',
  ports: [{ name: 'http', containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/health', port: 'http' } },
  livenessProbe: { httpGet: { path: '/health', port: 'http' } },
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
  securityContext: {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};
const deployment = (pod: Record<string, unknown> = {}, spec: Record<string, unknown> = {}, namespace = 'shop') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [hardened], ...pod } },
    ...spec,
  },
});
const run = (objects: object[], path = 'k8s-manifests/04-deployment.yaml') =>
  validateManifests([{ path, objects: objects as never }]);
const rules = async (objects: object[]) =>
  (await run(objects)).findings.map((f) => `${f.severity} ${f.rule} ${f.subject}`);

describe('production-readiness rules', () => {
  it('a hardened single-replica Deployment passes without findings', async () => {
    const r = await run([deployment()]);
    expect(r.findings).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('names the object and the file of every finding', async () => {
    const r = await run([deployment({ hostNetwork: true })], 'k8s-manifests/99-extra.yaml');
    expect(r.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'host-namespaces',
        subject: 'Deployment/web',
        file: 'k8s-manifests/99-extra.yaml',
      }),
    ]);
  });

  it('pod hardening: root user, init containers, hostPath, capabilities and seccomp', async () => {
    const init = { name: 'migrate', image: 'ghcr.io/example/migrate:1.0.0', securityContext: hardened.securityContext };
    const found = await run([
      deployment({
        initContainers: [init],
        volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
        containers: [
          {
            ...hardened,
            securityContext: {
              ...hardened.securityContext,
              runAsUser: 0,
              capabilities: { drop: ['NET_RAW'] },
              seccompProfile: undefined,
            },
          },
        ],
      }),
    ]);
    const byRule = (rule: string) => found.findings.filter((f) => f.rule === rule).map((f) => f.message);
    expect(byRule('run-as-non-root')).toEqual(['container web runs as user 0 (root)']);
    expect(byRule('resources-requests')).toEqual(['init container migrate has no CPU and memory requests']);
    // Init containers run to completion first: no probes are asked of them.
    expect(byRule('probes-missing')).toEqual([]);
    expect(byRule('host-path')).toEqual(['the pod mounts a hostPath volume']);
    expect(byRule('capabilities-drop')).toEqual(['container web keeps the default Linux capabilities']);
    expect(byRule('seccomp-profile')).toEqual(['container web runs without a seccomp profile']);
  });

  it('an autoscaled Rollout that still sets replicas is flagged, whatever the workload kind', async () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      },
    };
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' },
        minReplicas: 1,
        maxReplicas: 1,
      },
    };
    expect(await rules([deployment({}, { replicas: 0 }), rollout, hpa])).toContain('warning hpa-replicas Rollout/web');
    const { replicas: _, ...leftToTheHpa } = rollout.spec;
    expect(await rules([deployment({}, { replicas: 0 }), { ...rollout, spec: leftToTheHpa }, hpa])).not.toContain(
      'warning hpa-replicas Rollout/web',
    );
  });

  it("a Rollout running a Deployment's pods is not hardened twice", async () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: labels },
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      },
    };
    const found = await rules([deployment({ hostPID: true }), rollout]);
    expect(found.filter((f) => f.includes('host-namespaces'))).toEqual(['error host-namespaces Deployment/web']);
  });

  it('references resolve only within a namespace', async () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'other' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 'http' }] },
    };
    expect(await rules([deployment(), svc])).toContain('error service-selector Service/web');
    expect(await rules([deployment(), { ...svc, metadata: { name: 'web', namespace: 'shop' } }])).not.toContain(
      'error service-selector Service/web',
    );
  });

  it('API versions a 1.29 cluster no longer serves are errors that name the replacement', async () => {
    const old = { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'web' }, spec: {} };
    const r = await run([old]);
    expect(r.valid).toBe(false);
    expect(r.findings).toEqual([
      expect.objectContaining({
        rule: 'removed-api',
        subject: 'Ingress/web',
        message: 'extensions/v1beta1 is no longer served since Kubernetes 1.22',
      }),
    ]);
    expect(r.findings[0].fix).toMatch(/networking\.k8s\.io\/v1/);
    expect(r.unvalidatedKinds).toEqual(['extensions/v1beta1/Ingress']);
  });
});
