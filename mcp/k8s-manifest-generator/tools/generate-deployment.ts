import { z } from 'zod';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import type { IIoK8sApiCoreV1Container, IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1';
import {
  appContextSchema,
  autoscaled,
  commonLabels,
  has,
  profileLabels,
  selectorLabels,
  type AppContext,
} from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, databaseEndpoint, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output, type Finding } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { separateMetricsPort } from '../../../src/plan/metrics.js';
import { autoInstrumentation, injectAnnotation } from '../../../src/plan/tracing.js';

function probes(app: AppContext): {
  readiness?: IIoK8sApiCoreV1Probe;
  liveness?: IIoK8sApiCoreV1Probe;
  startup?: IIoK8sApiCoreV1Probe;
  why: string;
} {
  const h = app.health;
  if (!h || app.ports.length === 0)
    return { why: 'no ports: no probes (a worker reports health through its queue metrics)' };
  const port = app.ports.find((p) => p.port === h.port) ?? app.ports[0];
  let handler: Omit<IIoK8sApiCoreV1Probe, 'periodSeconds'>;
  let why: string;
  if (h.grpc) {
    handler = { grpc: { port: port.port } };
    why = `gRPC health probes on port ${port.port}`;
  } else if (h.path) {
    handler = { httpGet: { path: h.path, port: port.name } };
    why = `HTTP probes on ${h.path} port ${port.port}`;
  } else {
    handler = { tcpSocket: { port: port.name } };
    why = `TCP probes on port ${port.port} (no health path given)`;
  }
  return {
    readiness: { ...handler, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    liveness: { ...handler, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 },
    startup: { ...handler, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
    why,
  };
}

/** The app's namespace: Pod Security "restricted" when that component is on, sidecar-cni mesh mode when the mesh is. */
export function namespaceFor(app: AppContext, reasons: string[]): Namespace {
  const psa = has(app, 'pod-security');
  const mesh = has(app, 'service-mesh');
  const ns = new Namespace({
    metadata: {
      name: app.namespace,
      labels: {
        ...commonLabels(app),
        ...profileLabels(app),
        ...(psa
          ? {
              'pod-security.kubernetes.io/enforce': 'restricted',
              'pod-security.kubernetes.io/enforce-version': 'latest',
              'pod-security.kubernetes.io/audit': 'restricted',
              'pod-security.kubernetes.io/warn': 'restricted',
            }
          : {}),
        ...(mesh ? { 'istio-injection': 'enabled' } : {}),
      },
      // Sidecars without the privileged istio-init container: the Istio CNI node agent sets up traffic capture.
      ...(mesh ? { annotations: { 'kaptainkube.dev/mesh-mode': 'sidecar-cni' } } : {}),
    },
  });
  if (mesh)
    reasons.push(
      'mesh mode sidecar-cni: the cluster runs the Istio CNI node agent, so injected pods need no NET_ADMIN init container',
    );
  if (psa) reasons.push('namespace enforces Pod Security "restricted"; the pod below meets it');
  if (app.securityProfile !== 'standard')
    reasons.push(`namespace and workload labelled kaptainkube.dev/compliance-profile=${app.securityProfile}`);
  return ns;
}

/** The container's environment: database credentials by Secret reference, ConfigMap and Secrets wholesale. */
function environment(app: AppContext, reasons: string[]): Pick<IIoK8sApiCoreV1Container, 'env' | 'envFrom'> {
  const env: IIoK8sApiCoreV1Container['env'] = [];
  const db = has(app, 'database') ? databaseConnection(app) : undefined;
  if (db) {
    env.push({ name: 'DB_USER', valueFrom: { secretKeyRef: { name: db.secretName, key: db.usernameKey } } });
    env.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: db.secretName, key: db.passwordKey } } });
    reasons.push(`database credentials from the operator's Secret ${db.secretName}, by reference`);
    // The image reads a URL, not DB_USER/DB_PASSWORD: rebuild it from the Secret ($(VAR) expands variables defined above it)
    // with the user and database the operator creates. Operator-generated passwords are URL-safe.
    const url = databaseEndpoint(app);
    if (url) {
      env.push({
        name: url.env,
        value: `${url.scheme}://$(DB_USER):$(DB_PASSWORD)@${db.host}:${db.port}/${db.database}`,
      });
      reasons.push(
        `${url.env} (set by the image${url.source ? `, ${url.source}` : ''}) rebuilt from that Secret for database ${db.database}${url.user ? ` (user ${url.user} replaced by the Secret's)` : ''}`,
      );
    }
  }
  const envFrom: IIoK8sApiCoreV1Container['envFrom'] = [];
  if (has(app, 'configmap')) envFrom.push({ configMapRef: { name: names.configMap(app) } });
  if (db) envFrom.push({ configMapRef: { name: names.databaseConfig(app) } });
  if (has(app, 'secrets')) for (const s of app.secretsRequired) envFrom.push({ secretRef: { name: s } });
  return { ...(envFrom.length ? { envFrom } : {}), ...(env.length ? { env } : {}) };
}

/** The ports the container listens on: the app's, and a metrics port the config names apart from them. */
function containerPorts(app: AppContext) {
  const metrics = separateMetricsPort(app);
  return metrics ? [...app.ports, metrics] : app.ports;
}

function bindsPrivilegedPort(app: AppContext): boolean {
  return containerPorts(app).some((p) => p.port < 1024);
}

/** The app's one container: restricted-profile security context, resources, probes, writable paths as volumes. */
function containerFor(
  app: AppContext,
  p: ReturnType<typeof probes>,
  environ: Pick<IIoK8sApiCoreV1Container, 'env' | 'envFrom'>,
  volumeNames: string[],
): IIoK8sApiCoreV1Container {
  const limits: Record<string, string> = { memory: app.resources.memoryLimit };
  if (app.resources.cpuLimit) limits.cpu = app.resources.cpuLimit;
  if (app.resources.gpu > 0) limits['nvidia.com/gpu'] = String(app.resources.gpu);
  return {
    name: app.name,
    image: app.image,
    imagePullPolicy: 'IfNotPresent',
    ...(containerPorts(app).length
      ? {
          ports: containerPorts(app).map((pt) => ({
            name: pt.name,
            containerPort: pt.port,
            protocol: pt.protocol === 'UDP' ? 'UDP' : 'TCP',
          })),
        }
      : {}),
    ...environ,
    resources: { requests: { cpu: app.resources.cpu, memory: app.resources.memory }, limits },
    ...(p.readiness ? { readinessProbe: p.readiness, livenessProbe: p.liveness, startupProbe: p.startup } : {}),
    securityContext: {
      runAsNonRoot: true,
      // Unset when the image's user has no known id: the kubelet then checks the image itself.
      ...(app.runAsUser !== null ? { runAsUser: app.runAsUser } : {}),
      ...(app.runAsGroup !== null ? { runAsGroup: app.runAsGroup } : {}),
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      // A non-root process may bind a port below 1024 only with NET_BIND_SERVICE, the one capability "restricted" allows.
      capabilities: { drop: ['ALL'], ...(bindsPrivilegedPort(app) ? { add: ['NET_BIND_SERVICE'] } : {}) },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: app.writablePaths.map((path, i) => ({ name: volumeNames[i], mountPath: path })),
  };
}

/** Who owns the scale: a Rollout (0 here), an autoscaler (no field), or the config's replica count. */
function replicasFor(app: AppContext, reasons: string[]): number | undefined {
  if (has(app, 'rollout')) {
    reasons.push(
      'replicas 0: the Argo Rollout runs these pods through workloadRef, so two controllers never own the same pods',
    );
    return 0;
  }
  if (autoscaled(app)) {
    reasons.push('no replicas field: the autoscaler owns the scale');
    return undefined;
  }
  return app.scaling.minReplicas;
}

export function buildDeployment(app: AppContext): {
  files: ReturnType<typeof output>['files'];
  reasons: string[];
  findings: Finding[];
} {
  const labels = { ...commonLabels(app), ...profileLabels(app) };
  const reasons: string[] = [];
  const findings: Finding[] = [];
  const ns = namespaceFor(app, reasons);

  const p = probes(app);
  reasons.push(p.why);
  if (bindsPrivilegedPort(app))
    reasons.push(
      `NET_BIND_SERVICE added back: the non-root process binds port ${containerPorts(app)
        .filter((x) => x.port < 1024)
        .map((x) => x.port)
        .join(', ')}`,
    );
  if (!p.readiness)
    findings.push({ severity: 'info', rule: 'probes-none', message: p.why, subject: `Deployment/${app.name}` });

  const environ = environment(app, reasons);
  const volumes = app.writablePaths.map((path, i) => ({
    name: i === 0 && path === '/tmp' ? 'tmp' : `data-${i}`,
    emptyDir: {},
  }));
  const gpu = app.resources.gpu;
  const container = containerFor(
    app,
    p,
    environ,
    volumes.map((v) => v.name),
  );
  const replicas = replicasFor(app, reasons);

  const spread = app.scaling.maxReplicas > 1;
  const dep = new Deployment({
    metadata: { name: names.workload(app), namespace: app.namespace, labels },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(app) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: {
          labels: { ...labels, ...(has(app, 'service-mesh') ? { 'sidecar.istio.io/inject': 'true' } : {}) },
          ...(autoInstrumentation(app) ? { annotations: injectAnnotation(app) } : {}),
        },
        spec: {
          ...(has(app, 'rbac') ? { serviceAccountName: names.serviceAccount(app) } : {}),
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            ...(app.runAsUser !== null ? { runAsUser: app.runAsUser } : {}),
            ...(app.runAsGroup !== null ? { runAsGroup: app.runAsGroup, fsGroup: app.runAsGroup } : {}),
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [container],
          volumes,
          ...(gpu > 0 ? { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
          ...(spread
            ? {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'topology.kubernetes.io/zone',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels: selectorLabels(app) },
                  },
                  {
                    maxSkew: 1,
                    topologyKey: 'kubernetes.io/hostname',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels: selectorLabels(app) },
                  },
                ],
              }
            : {}),
        },
      },
    },
  });
  if (autoInstrumentation(app))
    reasons.push(`pods opt into the ${autoInstrumentation(app)} OpenTelemetry agent (the tracing Instrumentation)`);
  if (gpu > 0) reasons.push(`${gpu} GPU: nvidia.com/gpu limit and a toleration for GPU nodes`);
  if (spread) reasons.push('spread across zones and nodes');
  ns.validate();
  dep.validate();
  return {
    files: [
      { path: FILES.namespace, objects: [ns.toJSON() as never] },
      { path: FILES.deployment, objects: [dep.toJSON() as never] },
    ],
    reasons,
    findings,
  };
}

export default defineTool({
  name: 'generate_deployment',
  title: 'Generate the Deployment',
  description:
    'Create the app\'s Namespace and a Deployment that meets Pod Security "restricted": non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root filesystem, requests and limits, probes, named ports.',
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    const r = buildDeployment(app);
    return output(r.files, r.reasons, r.findings);
  },
});
