import { z } from 'zod';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIoK8sApiNetworkingV1NetworkPolicyEgressRule, IIoK8sApiNetworkingV1NetworkPolicyPeer, IIoK8sApiNetworkingV1NetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import { appContextSchema, commonLabels, has, selectorLabels, type AppContext } from '../../shared/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { databaseConnection, names } from '../../shared/names.js';
import { generatorOutputSchema, output } from '../../shared/result.js';
import { defineTool } from '../../shared/tool.js';

const ns = (name: string): IIoK8sApiNetworkingV1NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const tcp = (port: number | string): IIoK8sApiNetworkingV1NetworkPolicyPort => ({ protocol: 'TCP', port });

export function networkPolicies(app: AppContext, opts: { ingressNamespace?: string; monitoringNamespace: string }) {
  const pods = { matchLabels: selectorLabels(app) };
  const meta = (name: string) => ({ name: `${app.name}-${name}`, namespace: app.namespace, labels: commonLabels(app) });
  const reasons: string[] = ['default deny: every flow below is allowed on purpose'];
  const policies: NetworkPolicy[] = [new NetworkPolicy({ metadata: meta('default-deny'), spec: { podSelector: pods, policyTypes: ['Ingress', 'Egress'] } })];
  const servedPorts = app.ports.map((p) => ({ protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP', port: p.port }) as IIoK8sApiNetworkingV1NetworkPolicyPort);
  const ingressFrom: IIoK8sApiNetworkingV1NetworkPolicyPeer[] = [];
  if (has(app, 'ingress') && app.ingress) {
    const controllerNs = opts.ingressNamespace ?? (app.ingress.className === 'nginx' ? 'ingress-nginx' : app.ingress.className === 'istio' ? 'istio-system' : 'kong');
    ingressFrom.push(ns(controllerNs));
    reasons.push(`ingress from the ${app.ingress.className} controller in namespace ${controllerNs}`);
  }
  if (has(app, 'service-mesh')) {
    ingressFrom.push(ns('istio-system'));
    reasons.push('ingress from the Istio gateway namespace');
  }
  if (servedPorts.length && ingressFrom.length) policies.push(new NetworkPolicy({ metadata: meta('allow-ingress'), spec: { podSelector: pods, policyTypes: ['Ingress'], ingress: [{ from: ingressFrom, ports: servedPorts }] } }));
  if (servedPorts.length) {
    // Callers inside the app's own namespace (other services of the app).
    policies.push(new NetworkPolicy({ metadata: meta('allow-same-namespace'), spec: { podSelector: pods, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: servedPorts }] } }));
  }
  if (has(app, 'monitoring') && app.monitoring?.metricsPort) {
    policies.push(new NetworkPolicy({ metadata: meta('allow-prometheus'), spec: { podSelector: pods, policyTypes: ['Ingress'], ingress: [{ from: [ns(opts.monitoringNamespace)], ports: [tcp(app.monitoring.metricsPort)] }] } }));
    reasons.push(`Prometheus in ${opts.monitoringNamespace} may scrape port ${app.monitoring.metricsPort}`);
  }
  const egress: IIoK8sApiNetworkingV1NetworkPolicyEgressRule[] = [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }];
  reasons.push('DNS egress to kube-dns');
  const db = has(app, 'database') ? databaseConnection(app) : undefined;
  if (db && app.database) {
    const dbPods: Record<string, string> = app.database.type === 'postgresql' ? { 'cluster-name': names.databaseCluster(app) } : { 'app.kubernetes.io/instance': names.databaseCluster(app) };
    egress.push({ to: [{ podSelector: { matchLabels: dbPods } }] , ports: [tcp(db.port)] });
    reasons.push(`egress to the ${app.database.type} pods on ${db.port}`);
  }
  if (has(app, 'tracing')) {
    egress.push({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'opentelemetry-collector' } } }] , ports: [tcp(4317)] });
    reasons.push('OTLP egress to the collector');
  }
  if (has(app, 'service-mesh')) {
    egress.push({ to: [ns('istio-system')] , ports: [tcp(15012)] });
    reasons.push('sidecar egress to istiod');
  }
  policies.push(new NetworkPolicy({ metadata: meta('allow-egress'), spec: { podSelector: pods, policyTypes: ['Egress'], egress } }));
  for (const p of policies) p.validate();
  return { policies, reasons };
}

export default defineTool({
  name: 'generate_network_policy',
  title: 'Generate NetworkPolicies',
  description: 'Default-deny NetworkPolicy for the app\'s pods plus allow rules derived from its ports, the ingress controller, the mesh, Prometheus scraping, DNS, the database and tracing.',
  input: z.object({ app: appContextSchema, ingressNamespace: z.string().optional(), monitoringNamespace: z.string().default('monitoring') }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, ingressNamespace, monitoringNamespace }) => {
    const { policies, reasons } = networkPolicies(app, { ingressNamespace, monitoringNamespace });
    return output([{ path: FILES.networkPolicy, objects: policies.map((p) => p.toJSON() as never) }], reasons);
  },
});
