// What a cluster can take: API discovery mapped to the components KaptainKube generates,
// so a missing CRD is named before apply instead of surfacing as a failed apply.
import type { KubeTarget } from './client.js';

/** API groups each component needs, as "group/Kind". */
export const COMPONENT_APIS: { component: string; kinds: string[] }[] = [
  { component: 'service-mesh', kinds: ['networking.istio.io/VirtualService', 'networking.istio.io/DestinationRule', 'security.istio.io/PeerAuthentication'] },
  { component: 'certificates', kinds: ['cert-manager.io/Certificate', 'cert-manager.io/Issuer'] },
  { component: 'monitoring', kinds: ['monitoring.coreos.com/ServiceMonitor', 'monitoring.coreos.com/PrometheusRule'] },
  { component: 'keda', kinds: ['keda.sh/ScaledObject'] },
  { component: 'vpa', kinds: ['autoscaling.k8s.io/VerticalPodAutoscaler'] },
  { component: 'rollout', kinds: ['argoproj.io/Rollout', 'argoproj.io/AnalysisTemplate'] },
  { component: 'argocd', kinds: ['argoproj.io/Application'] },
  { component: 'cicd', kinds: ['tekton.dev/Pipeline', 'triggers.tekton.dev/EventListener'] },
  { component: 'ingress', kinds: ['configuration.konghq.com/KongPlugin'] },
  { component: 'database', kinds: ['acid.zalan.do/postgresql'] },
  { component: 'pod-security', kinds: ['templates.gatekeeper.sh/ConstraintTemplate'] },
  { component: 'tracing', kinds: ['opentelemetry.io/OpenTelemetryCollector', 'jaegertracing.io/Jaeger'] },
  { component: 'logging', kinds: ['logging.banzaicloud.io/Flow'] },
];

export interface Capabilities {
  version?: string;
  /** "group/version" → kinds served. */
  served: Map<string, Set<string>>;
  components: { component: string; present: boolean; missing: string[] }[];
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

export async function discover(target: KubeTarget): Promise<Capabilities> {
  const served = new Map<string, Set<string>>();
  const version = await target.request('GET', '/version').then((r) => (r.status === 200 ? r.body.gitVersion : undefined));
  const core = await target.request('GET', '/api/v1');
  if (core.status === 200) served.set('v1', new Set((core.body.resources ?? []).map((r: { kind: string }) => r.kind)));
  const apis = await target.request('GET', '/apis');
  if (apis.status !== 200) throw new Error(`API discovery failed: ${apis.status} ${JSON.stringify(apis.body).slice(0, 200)}`);
  for (const g of apis.body.groups ?? []) {
    for (const v of g.versions ?? []) {
      const res = await target.request('GET', `/apis/${v.groupVersion}`);
      if (res.status === 200) served.set(v.groupVersion, new Set((res.body.resources ?? []).filter((r: { name: string }) => !r.name.includes('/')).map((r: { kind: string }) => r.kind)));
    }
  }
  const hasKind = (gk: string) => {
    const [grp, kind] = [gk.slice(0, gk.lastIndexOf('/')), gk.slice(gk.lastIndexOf('/') + 1)];
    return [...served.entries()].some(([gv, kinds]) => group(gv) === grp && kinds.has(kind));
  };
  const components = COMPONENT_APIS.map((c) => {
    const missing = c.kinds.filter((k) => !hasKind(k));
    return { component: c.component, present: missing.length === 0, missing };
  });
  return { version, served, components };
}

/** Objects of the set whose apiVersion/kind the cluster does not serve. */
export function missingKinds(cap: Capabilities, objects: { apiVersion: string; kind: string; metadata: { name: string } }[]) {
  const out = new Map<string, { apiVersion: string; kind: string; objects: string[]; component?: string }>();
  for (const o of objects) {
    if (cap.served.get(o.apiVersion)?.has(o.kind)) continue;
    const key = `${o.apiVersion}/${o.kind}`;
    const entry = out.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, objects: [], component: COMPONENT_APIS.find((c) => c.kinds.includes(`${group(o.apiVersion)}/${o.kind}`))?.component };
    entry.objects.push(`${o.kind}/${o.metadata.name}`);
    out.set(key, entry);
  }
  return [...out.values()];
}
