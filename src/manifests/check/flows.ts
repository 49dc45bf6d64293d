// The flows a tree implies: ingress controller → backend pods, app → each dependency
// (Services and databases its env vars and ConfigMaps name, and the caller's facts),
// every pod → cluster DNS, Prometheus → each scraped port, operator → database pods;
// plus two probes per app pod that should be denied (an outside address, a pod of
// another namespace) to show nothing else is open.
import { list, selects, type ManifestSet } from '../readiness/manifest-set.js';
import { matches } from './netpol.js';
import {
  INTERNET,
  KUBE_DNS,
  PROMETHEUS,
  STRANGER,
  ingressController,
  parseEndpoint,
  resolveHost,
  type Peers,
} from './peers.js';
import { runsApp, type CheckEntry, type CheckFacts, type Flow, type Peer } from './types.js';

const podsOfService = (peers: Peers, svc: CheckEntry): Peer[] =>
  peers.pods.filter(
    (p) => p.namespace === (svc.obj.metadata.namespace ?? 'default') && selects(svc.obj.spec?.selector, p.labels),
  );

/** The target port of a Service port picked by name or number. */
function servicePort(
  svc: CheckEntry,
  port: { name?: string; number?: number } | string | number,
): number | string | undefined {
  const want = typeof port === 'object' ? port : typeof port === 'number' ? { number: port } : { name: port };
  const sp = list(svc.obj.spec?.ports).find(
    (p) => (want.name !== undefined && p?.name === want.name) || (want.number !== undefined && p?.port === want.number),
  );
  return sp ? (sp.targetPort ?? sp.port) : undefined;
}

function ingressFlows(set: ManifestSet, peers: Peers): Flow[] {
  const out: Flow[] = [];
  for (const raw of set.entries) {
    const e = raw as CheckEntry;
    if (e.obj.kind !== 'Ingress') continue;
    const spec = e.obj.spec ?? {};
    const from = ingressController(
      spec.ingressClassName ?? e.obj.metadata.annotations?.['kubernetes.io/ingress.class'],
    );
    const backends = [
      ...(spec.defaultBackend?.service ? [{ path: '(default backend)', b: spec.defaultBackend.service }] : []),
      ...list(spec.rules).flatMap((r) =>
        list(r?.http?.paths).map((p) => ({ path: `${r?.host ?? '*'}${p?.path ?? '/'}`, b: p?.backend?.service })),
      ),
    ];
    for (const { path, b } of backends) {
      const svc = b?.name
        ? (set.find('Service', b.name, e.obj.metadata.namespace) as CheckEntry | undefined)
        : undefined;
      const target = svc && b.port ? servicePort(svc, b.port) : undefined;
      if (!svc || target === undefined) continue;
      for (const to of podsOfService(peers, svc))
        out.push({
          kind: 'ingress',
          from,
          to,
          port: target,
          protocol: 'TCP',
          because: `Ingress/${e.obj.metadata.name} ${path}`,
          at: e,
        });
    }
  }
  return out;
}

/** Name=value pairs a container sees: env values and the data of ConfigMaps it loads with envFrom. */
function envValues(set: ManifestSet, ns: string, c: any): { name: string; value: string }[] {
  const out = list(c?.env)
    .filter((v) => typeof v?.value === 'string')
    .map((v) => ({ name: String(v.name), value: v.value as string }));
  for (const from of list(c?.envFrom)) {
    const cm = from?.configMapRef?.name ? set.find('ConfigMap', from.configMapRef.name, ns) : undefined;
    for (const [k, v] of Object.entries((cm?.obj.data ?? {}) as Record<string, unknown>))
      if (typeof v === 'string') out.push({ name: `${from.prefix ?? ''}${k}`, value: v });
  }
  return out;
}

function dependencyFlows(set: ManifestSet, peers: Peers, facts: CheckFacts): Flow[] {
  const out: Flow[] = [];
  for (const app of peers.apps) {
    const ns = app.namespace ?? 'default';
    const at = app.at!;
    const template = set.workloads.find((w) => w.entry === at)?.template ?? { spec: at.obj.spec };
    const wanted: { host: string; port: number; protocol: string; because: string }[] = [];
    for (const c of list(template.spec?.containers)) {
      for (const { name, value } of envValues(set, ns, c)) {
        const ep = value.includes('$(') ? undefined : parseEndpoint(value);
        if (ep?.port)
          wanted.push({ host: ep.host, port: ep.port, protocol: 'TCP', because: `env ${name} of ${app.name}` });
      }
      // Credentials of an operator-made database mean the app talks to it.
      for (const v of list(c?.env)) {
        const secret = String(v?.valueFrom?.secretKeyRef?.name ?? '');
        for (const d of peers.operated) {
          const db = d.peer.name.split('/')[1];
          if (!d.operator) continue;
          if (d.peer.namespace === ns && secret.includes(db))
            wanted.push({
              host: db,
              port: d.peer.ports[0].port,
              protocol: 'TCP',
              because: `env ${v.name} of ${app.name} (Secret ${secret})`,
            });
        }
      }
    }
    const facted = runsApp(facts, app.name);
    for (const v of facted ? (facts.imageEnv ?? []) : []) {
      const ep = parseEndpoint(v.value);
      if (ep?.port)
        wanted.push({
          host: ep.host,
          port: ep.port,
          protocol: 'TCP',
          because: `${v.name} set by the image${v.source ? ` (${v.source})` : ''}`,
        });
    }
    for (const d of facted ? (facts.dependencies ?? []) : [])
      wanted.push({ host: d.host, port: d.port, protocol: d.protocol ?? 'TCP', because: `dependency ${d.name}` });
    for (const w of wanted) {
      for (const { to, port } of resolveHost(set, peers, w.host, w.port, ns))
        out.push({ kind: 'dependency', from: app, to, port, protocol: w.protocol, because: w.because, at });
    }
  }
  return out;
}

function metricsFlows(set: ManifestSet, peers: Peers): Flow[] {
  const out: Flow[] = [];
  for (const raw of set.entries) {
    const e = raw as CheckEntry;
    const ns = e.obj.metadata.namespace ?? 'default';
    const spec = e.obj.spec ?? {};
    if (e.obj.kind === 'ServiceMonitor') {
      const nsSel = spec.namespaceSelector ?? {};
      const inNs = (n: string) =>
        nsSel.any === true || (Array.isArray(nsSel.matchNames) ? nsSel.matchNames.includes(n) : n === ns);
      const services = set.entries.filter(
        (s) =>
          s.obj.kind === 'Service' &&
          inNs(s.obj.metadata.namespace ?? 'default') &&
          matches(spec.selector, s.obj.metadata.labels ?? {}),
      ) as CheckEntry[];
      for (const svc of services) {
        for (const ep of list(spec.endpoints)) {
          const target = ep?.port !== undefined ? servicePort(svc, String(ep.port)) : ep?.targetPort;
          if (target === undefined) continue;
          for (const to of podsOfService(peers, svc))
            out.push({
              kind: 'metrics',
              from: PROMETHEUS,
              to,
              port: target,
              protocol: 'TCP',
              because: `ServiceMonitor/${e.obj.metadata.name} port ${ep.port ?? ep.targetPort}`,
              at: e,
            });
        }
      }
    }
    if (e.obj.kind === 'PodMonitor') {
      for (const to of peers.pods.filter((p) => p.namespace === ns && matches(spec.selector, p.labels))) {
        for (const ep of list(spec.podMetricsEndpoints))
          if (ep?.port)
            out.push({
              kind: 'metrics',
              from: PROMETHEUS,
              to,
              port: ep.port,
              protocol: 'TCP',
              because: `PodMonitor/${e.obj.metadata.name} port ${ep.port}`,
              at: e,
            });
      }
    }
  }
  return out;
}

export function impliedFlows(set: ManifestSet, peers: Peers, facts: CheckFacts = {}): Flow[] {
  const flows: Flow[] = [...ingressFlows(set, peers), ...dependencyFlows(set, peers, facts)];
  for (const app of peers.apps) {
    for (const protocol of ['UDP', 'TCP'])
      flows.push({ kind: 'dns', from: app, to: KUBE_DNS, port: 53, protocol, because: 'name resolution', at: app.at! });
  }
  flows.push(...metricsFlows(set, peers));
  for (const d of peers.operated) {
    for (const port of d.operatorPorts)
      flows.push({
        kind: 'operator',
        from: d.operator!,
        to: d.peer,
        port,
        protocol: 'TCP',
        because: `the ${d.kind} operator manages ${d.peer.name}`,
        at: d.peer.at!,
      });
  }
  const seen = new Set<string>();
  return flows.filter((f) => {
    const key = `${f.kind}|${f.from.name}|${f.to.name}|${f.protocol}|${f.port}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** Flows nothing in the tree asks for: they should be denied. */
export function unlistedProbes(peers: Peers): Flow[] {
  return peers.apps.flatMap((app) => [
    {
      kind: 'unlisted' as const,
      from: app,
      to: INTERNET,
      port: 443,
      protocol: 'TCP',
      because: 'not implied by the tree',
      at: app.at!,
    },
    ...(app.ports[0]
      ? [
          {
            kind: 'unlisted' as const,
            from: STRANGER,
            to: app,
            port: app.ports[0].port,
            protocol: app.ports[0].protocol,
            because: 'not implied by the tree',
            at: app.at!,
          },
        ]
      : []),
  ]);
}
