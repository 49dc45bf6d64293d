// Every pod the tree makes the cluster create, as one list: workload templates (from
// the readiness manifest set), bare Pods, Tekton Task and inline Pipeline task pods
// (each step a container), plus the containers a service mesh injects into them.
//
// Mesh mode is read from the pod's Namespace:
// - sidecar injection is on with label `istio-injection=enabled` or `istio.io/rev=<rev>`
//   (a pod opts out with `sidecar.istio.io/inject: "false"`, or in with "true");
// - annotation `kaptainkube.dev/mesh-mode` says how traffic is captured: `sidecar`
//   (default: an `istio-init` container with NET_ADMIN and NET_RAW), `sidecar-cni`
//   (the Istio CNI node agent does it, no privileged init container) or `ambient`;
// - label `istio.io/dataplane-mode=ambient` without an injection label means ambient:
//   nothing is injected into the pod.
import { list, type Labels, type ManifestSet } from '../readiness/manifest-set.js';
import type { CheckEntry } from './types.js';

export interface PodUnit {
  at: CheckEntry;
  /** Kind/name of the object that creates the pod, plus the task for inline Pipeline tasks. */
  name: string;
  namespace?: string;
  labels: Labels;
  annotations: Labels;
  /** A pod spec: containers, initContainers, securityContext, volumes, host fields. */
  spec: any;
  /** Serves traffic and runs until stopped (not a Job, CronJob or CI step). */
  longRunning: boolean;
  /** Containers the mesh adds, as `init` or regular containers. */
  injected: { init: boolean; container: any }[];
}

export type MeshMode = 'none' | 'sidecar' | 'sidecar-cni' | 'ambient';

const MESH_MODE_ANNOTATION = 'kaptainkube.dev/mesh-mode';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout', 'Pod']);

export function namespaceEntry(set: ManifestSet, ns: string | undefined): CheckEntry | undefined {
  return ns
    ? (set.entries.find(
        (e) => e.obj.kind === 'Namespace' && e.obj.apiVersion === 'v1' && e.obj.metadata.name === ns,
      ) as CheckEntry | undefined)
    : undefined;
}

/** The mesh mode a pod gets in its namespace, per the rules in the header. */
export function meshMode(nsEntry: CheckEntry | undefined, pod: { labels: Labels; annotations: Labels }): MeshMode {
  const labels = nsEntry?.obj.metadata.labels ?? {};
  const declared = nsEntry?.obj.metadata.annotations?.[MESH_MODE_ANNOTATION];
  const optOut =
    pod.labels['sidecar.istio.io/inject'] === 'false' || pod.annotations['sidecar.istio.io/inject'] === 'false';
  const nsInjects =
    labels['istio-injection'] === 'enabled' ||
    (labels['istio-injection'] !== 'disabled' && labels['istio.io/rev'] !== undefined);
  const injects = !optOut && (nsInjects || pod.labels['sidecar.istio.io/inject'] === 'true');
  if (!injects) return labels['istio.io/dataplane-mode'] === 'ambient' || declared === 'ambient' ? 'ambient' : 'none';
  return declared === 'sidecar-cni' || declared === 'ambient' ? 'sidecar-cni' : 'sidecar';
}

// What the Istio injector adds (its default injection template), reduced to what admission reads.
const ISTIO_INIT = {
  name: 'istio-init',
  image: 'istio/proxyv2',
  securityContext: {
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
  },
};
const ISTIO_VALIDATION = {
  name: 'istio-validation',
  image: 'istio/proxyv2',
  securityContext: {
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsUser: 1337,
    runAsGroup: 1337,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  },
};
const ISTIO_PROXY = {
  name: 'istio-proxy',
  image: 'istio/proxyv2',
  ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
  securityContext: {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsUser: 1337,
    runAsGroup: 1337,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  },
};

function injectedBy(mode: MeshMode): { init: boolean; container: any }[] {
  if (mode === 'sidecar')
    return [
      { init: true, container: ISTIO_INIT },
      { init: false, container: ISTIO_PROXY },
    ];
  if (mode === 'sidecar-cni')
    return [
      { init: true, container: ISTIO_VALIDATION },
      { init: false, container: ISTIO_PROXY },
    ];
  return [];
}

/** A Tekton task spec as the pod it runs: steps and sidecars as containers, stepTemplate merged in. */
function taskPod(taskSpec: any): any {
  const template = taskSpec?.stepTemplate ?? {};
  const steps = list(taskSpec?.steps).map((s) => ({
    ...template,
    ...s,
    securityContext: s?.securityContext ?? template.securityContext,
  }));
  return { containers: [...steps, ...list(taskSpec?.sidecars)], volumes: list(taskSpec?.volumes) };
}

export function podUnits(set: ManifestSet): PodUnit[] {
  const units: Omit<PodUnit, 'injected'>[] = [];
  const meta = (e: CheckEntry, t?: { metadata?: { labels?: Labels; annotations?: Labels } }) => ({
    labels: t?.metadata?.labels ?? {},
    annotations: t?.metadata?.annotations ?? {},
    namespace: e.obj.metadata.namespace,
  });
  for (const w of set.workloads) {
    // A Rollout with workloadRef runs the referenced template, which is listed itself.
    if (w.borrowed) continue;
    const e = w.entry as CheckEntry;
    units.push({
      at: e,
      name: `${e.obj.kind}/${e.obj.metadata.name}`,
      ...meta(e, w.template as never),
      spec: w.template.spec ?? {},
      longRunning: LONG_RUNNING.has(e.obj.kind),
    });
  }
  for (const raw of set.entries) {
    const e = raw as CheckEntry;
    const { kind, spec } = e.obj;
    if (kind === 'Pod' && e.obj.apiVersion === 'v1')
      units.push({
        at: e,
        name: `Pod/${e.obj.metadata.name}`,
        ...meta(e, e.obj as never),
        spec: spec ?? {},
        longRunning: true,
      });
    if (!e.obj.apiVersion.startsWith('tekton.dev/')) continue;
    if (kind === 'Task' || kind === 'ClusterTask')
      units.push({
        at: e,
        name: `${kind}/${e.obj.metadata.name}`,
        ...meta(e),
        spec: taskPod(spec),
        longRunning: false,
      });
    if (kind === 'Pipeline') {
      for (const t of [...list(spec?.tasks), ...list(spec?.finally)]) {
        if (t?.taskSpec)
          units.push({
            at: e,
            name: `Pipeline/${e.obj.metadata.name} task ${t.name ?? '?'}`,
            ...meta(e),
            spec: taskPod(t.taskSpec),
            longRunning: false,
          });
      }
    }
  }
  return units.map((u) => ({ ...u, injected: injectedBy(meshMode(namespaceEntry(set, u.namespace), u)) }));
}

/** Every container of the pod as admission sees it: its own, then what the mesh injects. */
export function allContainers(u: PodUnit): { init: boolean; container: any }[] {
  return [
    ...list(u.spec?.initContainers).map((container) => ({ init: true, container })),
    ...list(u.spec?.containers).map((container) => ({ init: false, container })),
    ...list(u.spec?.ephemeralContainers).map((container) => ({ init: false, container })),
    ...u.injected,
  ];
}
