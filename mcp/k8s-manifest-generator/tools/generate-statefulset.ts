// A database, cache or broker image run as given: one primary in a StatefulSet that keeps its
// data on a volume claim, checks its health the image's own way, runs as the image's own user
// (so the volume is writable through fsGroup) and reads its password from a Secret.
import { z } from 'zod';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { IIoK8sApiCoreV1Container, IIoK8sApiCoreV1EnvVar, IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1';
import { appContextSchema, commonLabels, has, selectorLabels, type AppContext } from '../../../src/plan/app-context.js';
import type { StatefulContext } from '../../../src/plan/stateful-context.js';
import { fillCredentialsCommand } from '../../../src/plan/stateful.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output, type Finding } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { namespaceFor } from './generate-deployment.js';

const DATA = 'data';

function handler(p: StatefulContext['readiness']): Omit<IIoK8sApiCoreV1Probe, 'periodSeconds'> {
  if (p.type === 'exec') return { exec: { command: p.command } };
  if (p.type === 'tcp') return { tcpSocket: { port: p.port } };
  return { httpGet: { path: p.path, port: p.port } };
}

const describe = (p: StatefulContext['readiness']) =>
  p.type === 'exec' ? `exec ${p.command.join(' ')}` : p.type === 'tcp' ? `TCP ${p.port}` : `GET ${p.path} on ${p.port}`;

/** Fixed settings, then the credentials by Secret reference; the pod's address first when a setting names it. */
function environment(app: AppContext, s: StatefulContext): Pick<IIoK8sApiCoreV1Container, 'env' | 'envFrom'> {
  const env: IIoK8sApiCoreV1EnvVar[] = [];
  if (s.env.some((e) => e.value.includes('$(POD_IP)')))
    env.push({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  env.push(...s.env);
  if (s.credentials)
    for (const e of s.secretEnv)
      env.push({ name: e.name, valueFrom: { secretKeyRef: { name: s.credentials.secretName, key: e.key } } });
  const envFrom: IIoK8sApiCoreV1Container['envFrom'] = [];
  if (has(app, 'configmap')) envFrom.push({ configMapRef: { name: names.configMap(app) } });
  if (has(app, 'secrets')) for (const n of app.secretsRequired) envFrom.push({ secretRef: { name: n } });
  return { ...(envFrom.length ? { envFrom } : {}), ...(env.length ? { env } : {}) };
}

function container(app: AppContext, s: StatefulContext, volumes: { name: string; path: string }[]) {
  const limits: Record<string, string> = { memory: app.resources.memoryLimit };
  if (app.resources.cpuLimit) limits.cpu = app.resources.cpuLimit;
  const t = s.probeTimeout;
  const c: IIoK8sApiCoreV1Container = {
    name: app.name,
    image: app.image,
    imagePullPolicy: 'IfNotPresent',
    ...(s.args ? { args: s.args } : {}),
    ports: app.ports.map((p) => ({
      name: p.name,
      containerPort: p.port,
      protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP',
    })),
    ...environment(app, s),
    resources: { requests: { cpu: app.resources.cpu, memory: app.resources.memory }, limits },
    // First start initialises the data directory: up to ten minutes before liveness takes over.
    startupProbe: { ...handler(s.readiness), periodSeconds: 10, timeoutSeconds: t, failureThreshold: 60 },
    readinessProbe: { ...handler(s.readiness), periodSeconds: 10, timeoutSeconds: t, failureThreshold: 3 },
    livenessProbe: { ...handler(s.liveness), periodSeconds: 20, timeoutSeconds: t, failureThreshold: 6 },
    securityContext: {
      runAsNonRoot: true,
      ...(app.runAsUser !== null ? { runAsUser: app.runAsUser } : {}),
      ...(app.runAsGroup !== null ? { runAsGroup: app.runAsGroup } : {}),
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: s.writableRoot === undefined,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: DATA, mountPath: s.dataPath }, ...volumes.map((v) => ({ name: v.name, mountPath: v.path }))],
  };
  return c;
}

export function buildStatefulSet(app: AppContext, s: StatefulContext) {
  const labels = commonLabels(app);
  const reasons: string[] = [];
  const findings: Finding[] = [];
  const ns = namespaceFor(app, reasons);
  const scratch = app.writablePaths.map((path, i) => ({ name: path === '/tmp' ? 'tmp' : `run-${i}`, path }));
  const headless = new Service({
    metadata: { name: names.headlessService(app), namespace: app.namespace, labels },
    spec: {
      clusterIP: 'None',
      selector: selectorLabels(app),
      ports: app.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.name,
        protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP',
      })),
    },
  });
  const sts = new StatefulSet({
    metadata: { name: names.workload(app), namespace: app.namespace, labels },
    spec: {
      serviceName: names.headlessService(app),
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(app) },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: {
          labels: { ...labels, ...(has(app, 'service-mesh') ? { 'sidecar.istio.io/inject': 'true' } : {}) },
        },
        spec: {
          ...(has(app, 'rbac') ? { serviceAccountName: names.serviceAccount(app) } : {}),
          automountServiceAccountToken: false,
          // Time for a clean shutdown (a checkpoint, a flushed append-only file) before SIGKILL.
          terminationGracePeriodSeconds: 60,
          securityContext: {
            runAsNonRoot: true,
            ...(app.runAsUser !== null ? { runAsUser: app.runAsUser } : {}),
            ...(app.runAsGroup !== null
              ? { runAsGroup: app.runAsGroup, fsGroup: app.runAsGroup, fsGroupChangePolicy: 'OnRootMismatch' }
              : {}),
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [container(app, s, scratch)],
          ...(scratch.length ? { volumes: scratch.map((v) => ({ name: v.name, emptyDir: {} })) } : {}),
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: DATA, labels: selectorLabels(app) },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: s.storage } } },
        },
      ],
    },
  });
  reasons.push(
    `StatefulSet: ${s.ref} is a ${s.kind} image; one primary, replicas 1`,
    `volume claim ${DATA} of ${s.storage} (ReadWriteOnce, the cluster's default StorageClass) mounted at ${s.dataPath}`,
    `readiness ${describe(s.readiness)}, liveness ${describe(s.liveness)}: the image's own health check`,
    `runs as ${app.runAsUser}:${app.runAsGroup} with fsGroup ${app.runAsGroup}, so the volume is writable by the image's user`,
    `headless Service ${names.headlessService(app)} gives the pod its stable name`,
  );
  if (s.writableRoot) reasons.push(`writable root filesystem: ${s.writableRoot}`);
  const files: { path: string; objects: never[] }[] = [
    { path: FILES.namespace, objects: [ns.toJSON() as never] },
    { path: FILES.statefulSet, objects: [sts.toJSON() as never] },
    { path: FILES.service, objects: [headless.toJSON() as never] },
  ];
  const cred = s.credentials;
  if (cred?.generated) {
    const secret = new Secret({
      metadata: {
        name: cred.secretName,
        namespace: app.namespace,
        labels,
        annotations: { 'kaptainkube.dev/fill-with': fillCredentialsCommand(app.namespace, cred.secretName) },
      },
      type: 'Opaque',
    });
    secret.validate();
    files.push({ path: FILES.secrets, objects: [secret.toJSON() as never] });
    findings.push({
      severity: 'warning',
      rule: 'secret-unfilled',
      message: `Secret ${cred.secretName} has no password yet; ${s.ref} does not start until it is filled (see its kaptainkube.dev/fill-with annotation)`,
      subject: `Secret/${cred.secretName}`,
    });
    reasons.push(`password from Secret ${cred.secretName} (generated without values, filled out of band)`);
  } else if (cred) reasons.push(`password from Secret ${cred.secretName} (spec.secretsRequired), by reference`);
  ns.validate();
  headless.validate();
  sts.validate();
  return { files, reasons, findings };
}

export default defineTool({
  name: 'generate_statefulset',
  title: 'Generate the StatefulSet',
  description:
    "Run a database, cache or broker image as given: the app's Namespace, a one-primary StatefulSet with a volume claim, the image's own probes, ports and user, its credentials by Secret reference, and the headless Service that names its pod.",
  input: z.object({ app: appContextSchema }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app }) => {
    if (!app.stateful) return output([], ['not a stateful image: generate_deployment runs it']);
    const r = buildStatefulSet(app, app.stateful);
    return output(r.files, r.reasons, r.findings);
  },
});
