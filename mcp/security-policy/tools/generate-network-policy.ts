import { z } from 'zod';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type {
  IIoK8sApiNetworkingV1NetworkPolicyEgressRule,
  IIoK8sApiNetworkingV1NetworkPolicyPeer,
  IIoK8sApiNetworkingV1NetworkPolicyPort,
} from 'kubernetes-models/networking.k8s.io/v1';
import { appContextSchema, commonLabels, has, selectorLabels, type AppContext } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { brokerPorts, databaseConnection, externalEndpoints, names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { defineTool } from '../../shared/tool.js';
import { autoInstrumentation } from '../../../src/plan/tracing.js';

const ns = (name: string): IIoK8sApiNetworkingV1NetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});
/** Another app's pods, by the labels every app's pods carry; in its own namespace when that is not this one. */
function peerOf(app: AppContext, peer: { name: string; namespace: string }): IIoK8sApiNetworkingV1NetworkPolicyPeer {
  const podSelector = {
    matchLabels: { 'app.kubernetes.io/name': peer.name, 'app.kubernetes.io/instance': peer.name },
  };
  return peer.namespace === app.namespace ? { podSelector } : { ...ns(peer.namespace), podSelector };
}
const tcp = (port: number | string): IIoK8sApiNetworkingV1NetworkPolicyPort => ({ protocol: 'TCP', port });

function networkPolicies(app: AppContext, opts: { ingressNamespace?: string; monitoringNamespace: string }) {
  const pods = { matchLabels: selectorLabels(app) };
  const meta = (name: string) => ({ name: `${app.name}-${name}`, namespace: app.namespace, labels: commonLabels(app) });
  const reasons: string[] = ['default deny: every flow below is allowed on purpose'];
  // Namespace-wide: the database, collector and tracing pods the tree creates are closed too, and opened below flow by flow.
  const policies: NetworkPolicy[] = [
    new NetworkPolicy({
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }),
  ];
  const servedPorts = app.ports.map(
    (p) => ({ protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP', port: p.port }) as IIoK8sApiNetworkingV1NetworkPolicyPort,
  );
  const ingressFrom: IIoK8sApiNetworkingV1NetworkPolicyPeer[] = [];
  if (has(app, 'ingress') && app.ingress) {
    const controllerNs =
      opts.ingressNamespace ??
      (app.ingress.className === 'nginx'
        ? 'ingress-nginx'
        : app.ingress.className === 'istio'
          ? 'istio-system'
          : 'kong');
    ingressFrom.push(ns(controllerNs));
    reasons.push(`ingress from the ${app.ingress.className} controller in namespace ${controllerNs}`);
  }
  if (has(app, 'service-mesh')) {
    ingressFrom.push(ns('istio-system'));
    reasons.push('ingress from the Istio gateway namespace');
  }
  if (servedPorts.length && ingressFrom.length)
    policies.push(
      new NetworkPolicy({
        metadata: meta('allow-ingress'),
        spec: { podSelector: pods, policyTypes: ['Ingress'], ingress: [{ from: ingressFrom, ports: servedPorts }] },
      }),
    );
  if (servedPorts.length && app.peers) {
    // Deployed as a system: only the apps that call this one, by their pods' labels.
    const from = app.peers.callers.map((c) => peerOf(app, c));
    if (from.length)
      policies.push(
        new NetworkPolicy({
          metadata: meta('allow-callers'),
          spec: { podSelector: pods, policyTypes: ['Ingress'], ingress: [{ from, ports: servedPorts }] },
        }),
      );
    reasons.push(
      from.length
        ? `ingress from the apps that call it: ${app.peers.callers.map((c) => c.name).join(', ')}`
        : 'no other app of the system calls it',
    );
  } else if (servedPorts.length) {
    // Callers inside the app's own namespace (other services of the app).
    policies.push(
      new NetworkPolicy({
        metadata: meta('allow-same-namespace'),
        spec: {
          podSelector: pods,
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: {} }], ports: servedPorts }],
        },
      }),
    );
  }
  if (has(app, 'monitoring') && app.monitoring?.metricsPort) {
    policies.push(
      new NetworkPolicy({
        metadata: meta('allow-prometheus'),
        spec: {
          podSelector: pods,
          policyTypes: ['Ingress'],
          ingress: [{ from: [ns(opts.monitoringNamespace)], ports: [tcp(app.monitoring.metricsPort)] }],
        },
      }),
    );
    reasons.push(`Prometheus in ${opts.monitoringNamespace} may scrape port ${app.monitoring.metricsPort}`);
  }
  const egress: IIoK8sApiNetworkingV1NetworkPolicyEgressRule[] = [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
    },
  ];
  reasons.push('DNS egress to kube-dns');
  const db = has(app, 'database') ? databaseConnection(app) : undefined;
  if (db && app.database) {
    const dbPods: Record<string, string> =
      app.database.type === 'postgresql'
        ? { 'cluster-name': names.databaseCluster(app) }
        : { 'app.kubernetes.io/instance': names.databaseCluster(app) };
    egress.push({ to: [{ podSelector: { matchLabels: dbPods } }], ports: [tcp(db.port)] });
    reasons.push(`egress to the ${app.database.type} pods on ${db.port}`);
  }
  for (const c of app.peers?.calls ?? []) {
    egress.push({ to: [peerOf(app, c)], ...(c.ports.length ? { ports: c.ports.map((p) => tcp(p)) } : {}) });
    reasons.push(`egress to the ${c.name} app${c.ports.length ? ` on ${c.ports.join('/')}` : ''}`);
  }
  // Services the image names that the tree does not create: only their port, so nothing else opens.
  // A short host name resolves in the app's namespace; a dotted one may be anywhere.
  for (const e of externalEndpoints(app)) {
    const inNamespace = !e.host.includes('.');
    egress.push({ ...(inNamespace ? { to: [{ podSelector: {} }] } : {}), ports: [tcp(e.port)] });
    reasons.push(
      `egress to ${e.host}:${e.port} (${e.env}${e.source ? `, ${e.source}` : ''}), which the tree does not create`,
    );
  }
  // The queue the app consumes (and KEDA scales on): its address lives in a Secret, so only its ports are known.
  const broker = brokerPorts(app);
  if (broker.length) {
    egress.push({ ports: broker.map((p) => tcp(p)) });
    reasons.push(
      `egress to the ${app.events!.kind} broker on ${broker.join('/')} (its address is in a Secret, not in the tree)`,
    );
  }
  if (has(app, 'tracing')) {
    egress.push({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'opentelemetry-collector' } } }],
      // gRPC from the app's own exporter; HTTP from an injected agent (the Instrumentation's endpoint).
      ports: autoInstrumentation(app) ? [tcp(4317), tcp(4318)] : [tcp(4317)],
    });
    reasons.push('OTLP egress to the collector');
  }
  if (has(app, 'service-mesh')) {
    egress.push({ to: [ns('istio-system')], ports: [tcp(15012)] });
    reasons.push('sidecar egress to istiod');
  }
  policies.push(
    new NetworkPolicy({ metadata: meta('allow-egress'), spec: { podSelector: pods, policyTypes: ['Egress'], egress } }),
  );
  policies.push(...supportingPods(app, meta, pods, reasons));
  for (const p of policies) p.validate();
  return { policies, reasons };
}

const DNS: IIoK8sApiNetworkingV1NetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [{ protocol: 'UDP', port: 53 }, tcp(53)],
};

/** Where each database operator runs, the ports it reaches its pods on, and the ports its pods reach each other on. */
const OPERATED: Record<string, { operatorNs: string; operatorPorts: number[]; peerPorts: number[] }> = {
  postgresql: { operatorNs: 'postgres-operator', operatorPorts: [5432, 8008], peerPorts: [5432, 8008] },
  mysql: { operatorNs: 'mysql-operator', operatorPorts: [3306, 33060], peerPorts: [3306, 33060, 33061] },
  mongodb: { operatorNs: 'mongodb', operatorPorts: [27017], peerPorts: [27017] },
  redis: { operatorNs: 'redis-operator', operatorPorts: [6379], peerPorts: [6379, 26379] },
};

/** Policies for the pods the tree runs beside the app: the operator's database and the tracing pipeline. */
function supportingPods(
  app: AppContext,
  meta: (name: string) => object,
  appPods: { matchLabels: Record<string, string> },
  reasons: string[],
): NetworkPolicy[] {
  const out: NetworkPolicy[] = [];
  const mesh: IIoK8sApiNetworkingV1NetworkPolicyEgressRule[] = has(app, 'service-mesh')
    ? [{ to: [ns('istio-system')], ports: [tcp(15012)] }]
    : [];
  const db = has(app, 'database') ? databaseConnection(app) : undefined;
  if (db && app.database) {
    const o = OPERATED[app.database.type];
    const dbPods: { matchLabels: Record<string, string> } = {
      matchLabels:
        app.database.type === 'postgresql'
          ? { 'cluster-name': names.databaseCluster(app) }
          : { 'app.kubernetes.io/instance': names.databaseCluster(app) },
    };
    out.push(
      new NetworkPolicy({
        metadata: meta('allow-database') as never,
        spec: {
          podSelector: dbPods,
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            { from: [{ podSelector: appPods }], ports: [tcp(db.port)] },
            { from: [{ podSelector: dbPods }], ports: o.peerPorts.map((p) => tcp(p)) },
            { from: [ns(o.operatorNs)], ports: o.operatorPorts.map((p) => tcp(p)) },
          ],
          // Replicas talk to each other; the Kubernetes API (leader election) and backup storage sit at addresses only the cluster knows.
          egress: [
            DNS,
            ...mesh,
            { to: [{ podSelector: dbPods }], ports: o.peerPorts.map((p) => tcp(p)) },
            { ports: [tcp(443), tcp(6443)] },
          ],
        },
      }),
    );
    reasons.push(
      `database pods: from the app on ${db.port}, from each other (replication) and the operator in ${o.operatorNs}; out to DNS, each other, and TCP 443/6443 (Kubernetes API, backups)`,
    );
  }
  if (has(app, 'tracing')) {
    const collector = { matchLabels: { 'app.kubernetes.io/component': 'opentelemetry-collector' } };
    const jaeger = { matchLabels: { 'app.kubernetes.io/part-of': 'jaeger' } };
    out.push(
      new NetworkPolicy({
        metadata: meta('allow-collector') as never,
        spec: {
          podSelector: collector,
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: appPods }], ports: [tcp(4317), tcp(4318)] }],
          egress: [DNS, ...mesh, { to: [{ podSelector: jaeger }], ports: [tcp(4317)] }],
        },
      }),
    );
    out.push(
      new NetworkPolicy({
        metadata: meta('allow-jaeger') as never,
        spec: {
          podSelector: jaeger,
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: collector }], ports: [tcp(4317)] }],
          egress: [DNS, ...mesh],
        },
      }),
    );
    reasons.push('collector: OTLP from the app, out to Jaeger; Jaeger: OTLP from the collector');
  }
  return out;
}

export default defineTool({
  name: 'generate_network_policy',
  title: 'Generate NetworkPolicies',
  description:
    "Default-deny NetworkPolicy for the app's pods plus allow rules derived from its ports, the ingress controller, the mesh, Prometheus scraping, DNS, the database and tracing.",
  input: z.object({
    app: appContextSchema,
    ingressNamespace: z.string().optional(),
    monitoringNamespace: z.string().default('monitoring'),
  }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, ingressNamespace, monitoringNamespace }) => {
    const { policies, reasons } = networkPolicies(app, { ingressNamespace, monitoringNamespace });
    return output([{ path: FILES.networkPolicy, objects: policies.map((p) => p.toJSON() as never) }], reasons);
  },
});
