import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callErr, callOk, connectBuiltin } from '../../helpers/mcp.js';
import { blogApi, imageClassifier, userService } from '../../helpers/app-context.js';

let client: Client;
beforeAll(async () => {
  client = await connectBuiltin('k8s-manifest-generator');
});
afterAll(async () => client.close());

type Out = {
  files: { path: string; objects: any[] }[];
  findings: { severity: string; rule: string; message: string }[];
};
const obj = (o: Out, kind: string) => o.files.flatMap((f) => f.objects).find((x) => x.kind === kind);

describe('k8s-manifest-generator over MCP', () => {
  it('generate_deployment: restricted pod, probes on the named port, namespace with PSA labels', async () => {
    const r = await callOk<Out>(client, 'generate_deployment', { app: blogApi() });
    expect(r.files.map((f) => f.path)).toEqual(['k8s-manifests/01-namespace.yaml', 'k8s-manifests/04-deployment.yaml']);
    expect(obj(r, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const spec = obj(r, 'Deployment').spec;
    const c = spec.template.spec.containers[0];
    expect(c.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi', cpu: '1' } });
    // The Rollout runs the pods, so the Deployment keeps none of its own.
    expect(spec.replicas).toBe(0);
  });

  it('no replicas when an autoscaler owns them; minReplicas when nothing does', async () => {
    const hpa = await callOk<Out>(client, 'generate_deployment', {
      app: blogApi({ components: blogApi().components.filter((c) => c !== 'rollout') }),
    });
    expect('replicas' in obj(hpa, 'Deployment').spec).toBe(false);
    const fixed = await callOk<Out>(client, 'generate_deployment', {
      app: blogApi({ components: ['deployment', 'service'] }),
    });
    expect(obj(fixed, 'Deployment').spec.replicas).toBe(2);
  });

  it('gRPC apps get grpc probes; GPU apps a nvidia.com/gpu limit and toleration', async () => {
    const g = await callOk<Out>(client, 'generate_deployment', { app: userService() });
    expect(obj(g, 'Deployment').spec.template.spec.containers[0].livenessProbe.grpc).toEqual({ port: 9090 });
    const gpu = await callOk<Out>(client, 'generate_deployment', { app: imageClassifier() });
    const pod = obj(gpu, 'Deployment').spec.template.spec;
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(pod.tolerations[0].key).toBe('nvidia.com/gpu');
  });

  it('generate_service targets container ports by name; generate_configmap holds no credentials', async () => {
    const s = await callOk<Out>(client, 'generate_service', { app: blogApi() });
    expect(obj(s, 'Service').spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
    ]);
    const worker = await callOk<Out>(client, 'generate_service', {
      app: blogApi({ ports: [], monitoring: { metrics: true, traces: true, logs: true } }),
    });
    expect(worker.files).toEqual([]);
    // A metrics port apart from the app's ports still gets a Service port, for the ServiceMonitor.
    const metricsOnly = await callOk<Out>(client, 'generate_service', { app: blogApi({ ports: [] }) });
    expect(obj(metricsOnly, 'Service').spec.ports).toEqual([
      { name: 'metrics', port: 3000, targetPort: 'metrics', protocol: 'TCP', appProtocol: 'http' },
    ]);
    const cm = await callOk<Out>(client, 'generate_configmap', { app: blogApi() });
    expect(obj(cm, 'ConfigMap').data).toMatchObject({ PORT: '3000' });
    // The database settings live in the connection ConfigMap only, which the Deployment reads too.
    expect(obj(cm, 'ConfigMap').data).not.toHaveProperty('DB_HOST');
    expect(JSON.stringify(obj(cm, 'ConfigMap').data)).not.toMatch(/PASSWORD/);
  });

  it('generate_secrets writes no Secret for secretsRequired, only how to create it', async () => {
    const r = await callOk<Out>(client, 'generate_secrets', {
      app: userService({ secretsRequired: ['signing-key'], components: ['deployment', 'secrets'] }),
    });
    expect(r.files).toEqual([]);
    expect(r.findings[0]).toMatchObject({
      rule: 'secret-unfilled',
      subject: 'Secret/signing-key',
      fix: expect.stringContaining('create secret generic signing-key --from-literal='),
    });
  });

  it('validate_manifests passes a good set and catches distinct problems in a bad one', async () => {
    const dep = await callOk<Out>(client, 'generate_deployment', {
      app: blogApi({ components: ['deployment', 'service', 'configmap', 'rbac', 'pod-security', 'pdb'] }),
    });
    const svc = await callOk<Out>(client, 'generate_service', { app: blogApi() });
    const good = await callOk<any>(client, 'validate_manifests', { files: [...dep.files, ...svc.files] });
    expect(good.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(good.validatedKinds).toEqual(['apps/v1/Deployment', 'v1/Namespace', 'v1/Service']);
    const bad = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx
          ports: [{containerPort: "80"}]
          securityContext: {privileged: true}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: other}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}, minReplicas: 1, maxReplicas: 3}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {password: hunter2}
`;
    const r = await callOk<any>(client, 'validate_manifests', { yaml: bad });
    expect(r.valid).toBe(false);
    const rules = new Set(r.findings.map((f: { rule: string }) => f.rule));
    for (const rule of [
      'schema',
      'resources-requests',
      'run-as-non-root',
      'privilege-escalation',
      'privileged',
      'image-tag',
      'host-namespaces',
      'service-selector',
      'target-missing',
      'pdb-missing',
      'spread-missing',
      'unknown-kind',
      'secret-values',
    ])
      expect(rules, rule).toContain(rule);
    expect(r.unvalidatedKinds).toEqual(['example.com/v1/Widget']);
  });

  it('apply_manifests is world-changing and says clearly when there is no cluster', async () => {
    const tools = (await client.listTools()).tools;
    expect(tools.find((t) => t.name === 'apply_manifests')!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    const dep = await callOk<Out>(client, 'generate_deployment', { app: blogApi({ components: ['deployment'] }) });
    expect(
      await callErr(client, 'apply_manifests', { files: dep.files, kubeconfig: '/nonexistent/kubeconfig' }),
    ).toMatch(/no kubeconfig at \/nonexistent\/kubeconfig; use --generate-only/);
  });

  it('is deterministic', async () => {
    const a = await callOk<Out>(client, 'generate_deployment', { app: blogApi() });
    const b = await callOk<Out>(client, 'generate_deployment', { app: blogApi() });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
