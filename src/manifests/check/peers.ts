// The parties of the reachability matrix. Pods of the tree come from its pod templates
// and from the database custom resources whose operators create pods; parties outside
// the tree sit where their usual installation puts them (docs/check.md lists them).
import { list, selects, type Labels, type ManifestSet } from '../readiness/manifest-set.js';
import { podUnits } from './pods.js';
import type { CheckEntry, ContainerPort, Peer } from './types.js';

const outside = (name: string, namespace: string, labels: Labels | undefined, ports: ContainerPort[] = []): Peer => ({
  name,
  namespace,
  nsLabels: { 'kubernetes.io/metadata.name': namespace },
  labels,
  ports,
  inTree: false,
});

export const KUBE_DNS = outside('kube-dns (kube-system)', 'kube-system', { 'k8s-app': 'kube-dns' }, [
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
]);
export const PROMETHEUS = outside('Prometheus (monitoring)', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
export const INTERNET: Peer = {
  name: 'an address outside the cluster (203.0.113.10)',
  ports: [],
  ip: '203.0.113.10',
  external: true,
  inTree: false,
};
export const STRANGER = outside('a pod in another namespace', 'kk-unlisted', {});

/** Where the controller of an ingress class runs. */
export function ingressController(cls: string | undefined): Peer {
  if (cls === 'kong') return outside('Kong ingress controller (kong)', 'kong', { 'app.kubernetes.io/name': 'kong' });
  if (!cls || cls === 'nginx')
    return outside('NGINX ingress controller (ingress-nginx)', 'ingress-nginx', {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    });
  if (cls === 'istio')
    return outside('Istio ingress gateway (istio-system)', 'istio-system', { istio: 'ingressgateway' });
  return outside(`${cls} ingress controller (${cls})`, cls, undefined);
}

/**
 * Custom resources whose operator creates pods: their labels and ports, the Services the
 * operator names after them, and (for databases) the operator that connects to the pods.
 */
interface Operated {
  labels: (name: string, ns: string) => Labels;
  ports: ContainerPort[];
  services: (name: string) => string[];
  operator?: Peer;
  operatorPorts?: number[];
}
const OPERATED: Record<string, Operated> = {
  postgresql: {
    labels: (n) => ({ application: 'spilo', 'cluster-name': n }),
    ports: [
      { name: 'postgresql', port: 5432, protocol: 'TCP' },
      { name: 'patroni', port: 8008, protocol: 'TCP' },
    ],
    services: (n) => [n, `${n}-repl`],
    operator: outside('Zalando postgres-operator (postgres-operator)', 'postgres-operator', {
      'app.kubernetes.io/name': 'postgres-operator',
    }),
    operatorPorts: [5432, 8008],
  },
  InnoDBCluster: {
    labels: (n) => ({ 'mysql.oracle.com/cluster': n, 'app.kubernetes.io/component': 'database' }),
    ports: [
      { name: 'mysql', port: 3306, protocol: 'TCP' },
      { name: 'mysqlx', port: 33060, protocol: 'TCP' },
      { name: 'gr-xcom', port: 33061, protocol: 'TCP' },
    ],
    services: (n) => [n, `${n}-instances`],
    operator: outside('MySQL operator (mysql-operator)', 'mysql-operator', { name: 'mysql-operator' }),
    operatorPorts: [3306, 33060],
  },
  MongoDBCommunity: {
    labels: (n) => ({ app: `${n}-svc` }),
    ports: [{ name: 'mongodb', port: 27017, protocol: 'TCP' }],
    services: (n) => [`${n}-svc`],
    operator: outside('MongoDB community operator (mongodb)', 'mongodb', { name: 'mongodb-kubernetes-operator' }),
    operatorPorts: [27017],
  },
  RedisReplication: {
    labels: (n) => ({ app: n }),
    ports: [{ name: 'redis-client', port: 6379, protocol: 'TCP' }],
    services: (n) => [n, `${n}-headless`],
    operator: outside('Redis operator (redis-operator)', 'redis-operator', { name: 'redis-operator' }),
    operatorPorts: [6379],
  },
  OpenTelemetryCollector: {
    labels: (n, ns) => ({
      'app.kubernetes.io/component': 'opentelemetry-collector',
      'app.kubernetes.io/name': `${n}-collector`,
      'app.kubernetes.io/instance': `${ns}.${n}`,
    }),
    ports: [
      { name: 'otlp-grpc', port: 4317, protocol: 'TCP' },
      { name: 'otlp-http', port: 4318, protocol: 'TCP' },
    ],
    services: (n) => [`${n}-collector`],
  },
};

function nsLabels(set: ManifestSet, ns: string): Labels {
  const e = set.entries.find((x) => x.obj.kind === 'Namespace' && x.obj.metadata.name === ns);
  return { ...(e?.obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

interface OperatedPeer {
  peer: Peer;
  kind: string;
  services: string[];
  operator?: Peer;
  operatorPorts: number[];
}

export interface Peers {
  /** Long-running pods of the tree (workloads and the pods operators create). */
  pods: Peer[];
  apps: Peer[];
  /** Pods operators create for custom resources (databases, collectors). */
  operated: OperatedPeer[];
}

export function treePeers(set: ManifestSet): Peers {
  const apps: Peer[] = [];
  for (const u of podUnits(set)) {
    if (!u.longRunning) continue;
    const ns = u.namespace ?? 'default';
    const ports = list(u.spec?.containers).flatMap((c) =>
      list(c?.ports)
        .filter((p) => typeof p?.containerPort === 'number')
        .map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    );
    apps.push({
      name: u.name,
      namespace: ns,
      nsLabels: nsLabels(set, ns),
      labels: u.labels,
      ports,
      inTree: true,
      at: u.at,
    });
  }
  const operated: OperatedPeer[] = [];
  for (const raw of set.entries) {
    const e = raw as CheckEntry;
    const o = Object.hasOwn(OPERATED, e.obj.kind) ? OPERATED[e.obj.kind] : undefined;
    if (!o) continue;
    const ns = e.obj.metadata.namespace ?? 'default';
    const name = e.obj.metadata.name;
    operated.push({
      kind: e.obj.kind,
      services: o.services(name),
      operator: o.operator,
      operatorPorts: o.operatorPorts ?? [],
      peer: {
        name: `${e.obj.kind}/${name}`,
        namespace: ns,
        nsLabels: nsLabels(set, ns),
        labels: o.labels(name, ns),
        ports: o.ports,
        inTree: true,
        at: e,
      },
    });
  }
  return { apps, operated, pods: [...apps, ...operated.map((d) => d.peer)] };
}

const SCHEME_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017,
  nats: 4222,
  kafka: 9092,
  grpc: 443,
};

/** Host, port and scheme of a URL-like value (`scheme://user@host:port/path`, or `host:port`). */
export function parseEndpoint(
  value: string,
): { host: string; port?: number; scheme?: string; user?: string; path?: string } | undefined {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/:]*)(?::[^@/]*)?@)?([^:/?#,\s]+)(?::(\d+))?(\/[^?#]*)?/i.exec(
    value.trim(),
  );
  if (url) {
    const scheme = url[1].toLowerCase().split('+')[0];
    return {
      scheme,
      user: url[2] || undefined,
      host: url[3],
      port: url[4] ? Number(url[4]) : SCHEME_PORTS[scheme],
      path: url[5],
    };
  }
  const hp = /^([a-z0-9][a-z0-9.-]*):(\d{1,5})$/i.exec(value.trim());
  return hp && /[a-z]/i.test(hp[1]) ? { host: hp[1], port: Number(hp[2]) } : undefined;
}

/**
 * The pods a host name reaches from namespace `ns`: a Service of the tree (its selected
 * pods, with the Service port mapped to the target port), a database resource, a
 * Service outside the tree, or an address outside the cluster.
 */
export function resolveHost(
  set: ManifestSet,
  peers: Peers,
  host: string,
  port: number,
  ns: string,
): { to: Peer; port: number | string }[] {
  const cluster = /^([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.cluster\.local)?)?$/i.exec(host);
  const namespaces = new Set(set.entries.filter((e) => e.obj.kind === 'Namespace').map((e) => e.obj.metadata.name));
  const inCluster = cluster && (!cluster[2] || host.includes('.svc') || namespaces.has(cluster[2]));
  if (!cluster || !inCluster)
    return [
      {
        to: {
          name: `${host} (outside the cluster)`,
          ports: [],
          ip: /^[\d.]+$/.test(host) ? host : undefined,
          external: true,
          inTree: false,
        },
        port,
      },
    ];
  const [name, svcNs] = [cluster[1], cluster[2] ?? ns];
  const svc = set.find('Service', name, svcNs);
  if (svc?.obj.spec?.selector) {
    const sp =
      list(svc.obj.spec.ports).find((p) => p?.port === port) ??
      (list(svc.obj.spec.ports).length === 1 ? list(svc.obj.spec.ports)[0] : undefined);
    const target = sp?.targetPort ?? sp?.port ?? port;
    const backing = peers.pods.filter((p) => p.namespace === svcNs && selects(svc.obj.spec.selector, p.labels));
    if (backing.length > 0) return backing.map((to) => ({ to, port: target }));
  }
  const made = peers.operated.find((d) => d.peer.namespace === svcNs && d.services.includes(name));
  if (made) return [{ to: made.peer, port }];
  return [
    {
      to: {
        name: `${host} (not in the tree)`,
        namespace: svcNs,
        nsLabels: nsLabels(set, svcNs),
        labels: undefined,
        ports: [],
        inTree: false,
      },
      port,
    },
  ];
}
