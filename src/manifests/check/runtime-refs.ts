// References the API server accepts but that fail once things run: a Service port no
// container declares, a scrape of a port that does not speak HTTP, two Ingresses
// claiming the same host and path, a URL the image bakes in pointing at a database the
// tree replaces, and a workload left at zero replicas that nothing scales up.
import { containers, list, podLabels, selects, type ManifestSet } from '../readiness/manifest-set.js';
import { matches } from './netpol.js';
import { parseEndpoint, treePeers } from './peers.js';
import { runsApp, type CheckEntry, type CheckFacts, type Report } from './types.js';

const ns = (e: { obj: { metadata: { namespace?: string } } }) => e.obj.metadata.namespace ?? 'default';

function serviceTargetPorts(set: ManifestSet, report: Report): void {
  for (const raw of set.entries) {
    const svc = raw as CheckEntry;
    if (svc.obj.kind !== 'Service' || !svc.obj.spec?.selector) continue;
    const backing = set.workloads.filter(
      (w) => ns(w.entry) === ns(svc) && selects(svc.obj.spec.selector, podLabels(w)),
    );
    if (backing.length === 0) continue;
    const declared = backing.flatMap((w) => containers(w).flatMap((c) => list(c?.ports)));
    for (const p of list(svc.obj.spec.ports)) {
      const target = p?.targetPort ?? p?.port;
      const protocol = p?.protocol ?? 'TCP';
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        if (!declared.some((cp) => cp?.name === target && (cp.protocol ?? 'TCP') === protocol))
          report(
            svc,
            'error',
            'KK-CHK-SERVICE-PORT',
            `targetPort ${target} is a name no selected container declares: the Service gets no endpoints on port ${p.port}`,
          );
      } else if (!declared.some((cp) => cp?.containerPort === Number(target) && (cp.protocol ?? 'TCP') === protocol)) {
        report(
          svc,
          'warning',
          'KK-CHK-SERVICE-PORT',
          `targetPort ${target}/${protocol} is declared by no selected container; traffic reaches it only if the process listens there`,
        );
      }
    }
  }
}

/** Port names and app protocols that are not plain HTTP/1.1 or HTTPS. */
const NON_HTTP =
  /^(grpc|h2c|http2|tcp|udp|tls|postgres|postgresql|mysql|redis|amqp|mongo|mongodb|kafka|nats)(-|$)|^kubernetes\.io\/(h2c|wss?)$/i;

function scrapePorts(set: ManifestSet, report: Report): void {
  for (const raw of set.entries) {
    const sm = raw as CheckEntry;
    if (sm.obj.kind !== 'ServiceMonitor') continue;
    const nsSel = sm.obj.spec?.namespaceSelector ?? {};
    const inNs = (n: string) =>
      nsSel.any === true || (Array.isArray(nsSel.matchNames) ? nsSel.matchNames.includes(n) : n === ns(sm));
    const services = set.entries.filter(
      (s) => s.obj.kind === 'Service' && inNs(ns(s)) && matches(sm.obj.spec?.selector, s.obj.metadata.labels ?? {}),
    );
    for (const ep of list(sm.obj.spec?.endpoints)) {
      if (ep?.scheme && !/^https?$/i.test(ep.scheme)) continue;
      for (const svc of services) {
        const sp = list(svc.obj.spec?.ports).find((p) => p?.name === ep?.port);
        if (sp && (NON_HTTP.test(String(sp.name)) || NON_HTTP.test(String(sp.appProtocol ?? '')))) {
          report(
            sm,
            'error',
            'KK-CHK-SCRAPE-PORT',
            `endpoint port ${ep.port} of Service/${svc.obj.metadata.name} speaks ${sp.appProtocol ?? sp.name}, not HTTP: Prometheus scrapes of ${ep.path ?? '/metrics'} fail`,
          );
        }
      }
    }
  }
}

function ingressPaths(set: ManifestSet, report: Report): void {
  const seen = new Map<string, CheckEntry>();
  for (const raw of set.entries) {
    const ing = raw as CheckEntry;
    if (ing.obj.kind !== 'Ingress') continue;
    const cls = ing.obj.spec?.ingressClassName ?? ing.obj.metadata.annotations?.['kubernetes.io/ingress.class'] ?? '';
    for (const rule of list(ing.obj.spec?.rules)) {
      for (const p of list(rule?.http?.paths)) {
        const key = `${cls}|${rule?.host ?? '*'}|${p?.path ?? '/'}|${p?.pathType ?? 'ImplementationSpecific'}`;
        const first = seen.get(key);
        const what = `host ${rule?.host ?? '*'} path ${p?.path ?? '/'}`;
        if (first === ing)
          report(
            ing,
            'error',
            'KK-CHK-INGRESS-DUP',
            `${what} appears twice in this Ingress; only one backend gets the traffic`,
          );
        else if (first)
          report(
            ing,
            'error',
            'KK-CHK-INGRESS-DUP',
            `${what} is also routed by Ingress/${first.obj.metadata.name} (${first.file}:${first.line}); the controller serves only one of them`,
          );
        else seen.set(key, ing);
      }
    }
  }
}

function bakedEnv(set: ManifestSet, report: Report, facts: CheckFacts): void {
  const peers = treePeers(set);
  for (const v of facts.imageEnv ?? []) {
    const ep = parseEndpoint(v.value);
    if (!ep) continue;
    for (const app of peers.apps.filter((a) => runsApp(facts, a.name))) {
      const db = peers.operated.find(
        (d) => d.operator && d.peer.namespace === app.namespace && d.services.includes(ep.host.split('.')[0]),
      );
      if (!db) continue;
      const template = set.workloads.find((w) => w.entry === app.at)?.template ?? { spec: app.at?.obj.spec };
      const overridden = list(template.spec?.containers).every((c) => list(c?.env).some((x) => x?.name === v.name));
      if (overridden) continue;
      const users = Object.keys(db.peer.at?.obj.spec?.users ?? {});
      const user =
        ep.user && users.length && !users.includes(ep.user)
          ? `; it logs in as ${ep.user}, the operator creates ${users.join(', ')}`
          : '';
      report(
        app.at!,
        'error',
        'KK-CHK-BAKED-ENV',
        `the image sets ${v.name}${v.source ? ` (${v.source})` : ''} to a URL for ${ep.host}, which the tree replaces with ${db.peer.name}, and ${app.name} does not override it${user}`,
      );
    }
  }
}

function zeroReplicas(set: ManifestSet, report: Report): void {
  const scaled = new Set<string>();
  for (const e of set.entries) {
    const s = e.obj.spec ?? {};
    const t =
      e.obj.kind === 'HorizontalPodAutoscaler' || e.obj.kind === 'ScaledObject'
        ? s.scaleTargetRef
        : e.obj.kind === 'Rollout'
          ? s.workloadRef
          : undefined;
    if (t?.name) scaled.add(`${ns(e)}/${t.kind ?? 'Deployment'}/${t.name}`);
  }
  for (const w of set.workloads) {
    if (w.replicas !== 0 || w.borrowed) continue;
    const e = w.entry as CheckEntry;
    if (scaled.has(`${ns(e)}/${e.obj.kind}/${e.obj.metadata.name}`)) continue;
    report(
      e,
      'error',
      'KK-CHK-ZERO-REPLICAS',
      `${e.obj.kind}/${e.obj.metadata.name} asks for 0 replicas and no HorizontalPodAutoscaler, ScaledObject or Rollout workloadRef targets it: it runs no pods`,
    );
  }
}

export function runtimeRefs(set: ManifestSet, report: Report, facts: CheckFacts = {}): void {
  serviceTargetPorts(set, report);
  scrapePorts(set, report);
  ingressPaths(set, report);
  bakedEnv(set, report, facts);
  zeroReplicas(set, report);
}
