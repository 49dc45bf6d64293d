// The component selection matrix: which components an app gets and why. Each
// decision carries its reason — a config field, a Dockerfile line or a requirement.
import { COMPONENT_IDS, type ComponentId } from '../../mcp/shared/app-context.js';
import type { AppDeployment } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import type { RequirementSignals } from './requirements.js';
import type { PlannedComponent, Reason } from './types.js';

/** Names people type for components (the spec says `--disable-component=istio`). */
export const COMPONENT_ALIASES: Record<string, ComponentId[]> = {
  istio: ['service-mesh'],
  mesh: ['service-mesh'],
  kong: ['ingress'],
  nginx: ['ingress'],
  'cert-manager': ['certificates'],
  tls: ['certificates'],
  prometheus: ['monitoring', 'alerts'],
  servicemonitor: ['monitoring'],
  grafana: ['dashboard'],
  jaeger: ['tracing'],
  opentelemetry: ['tracing'],
  logs: ['logging'],
  networkpolicy: ['network-policy'],
  gatekeeper: ['pod-security'],
  psa: ['pod-security'],
  autoscaling: ['hpa', 'vpa', 'keda'],
  'argo-rollouts': ['rollout'],
  'argo-rollout': ['rollout'],
  tekton: ['cicd'],
  'argo-cd': ['argocd'],
  gitops: ['argocd'],
  quotas: ['cost'],
  postgres: ['database'],
};

/** A component is only useful with these; disabling one takes its dependents with it. */
export const REQUIRES: Partial<Record<ComponentId, ComponentId[]>> = {
  ingress: ['service'],
  certificates: ['ingress'],
  'service-mesh': ['service'],
  monitoring: ['service'],
};

/** Components the app cannot do without. */
export const CORE_COMPONENTS: readonly ComponentId[] = ['deployment'];

export const COMPONENT_SUMMARIES: Record<ComponentId, string> = {
  deployment: 'Deployment meeting Pod Security "restricted", with probes and resources',
  service: 'ClusterIP Service on the named container ports',
  configmap: 'ConfigMap with non-secret settings',
  secrets: 'Secrets referenced by name, filled out of band',
  ingress: 'Ingress (Kong or NGINX) for the HTTP ports',
  certificates: 'cert-manager Issuer and Certificate for TLS',
  'service-mesh': 'Istio VirtualService, DestinationRule and PeerAuthentication',
  hpa: 'HorizontalPodAutoscaler (autoscaling/v2)',
  vpa: 'VerticalPodAutoscaler in recommendation mode',
  keda: 'KEDA ScaledObject for event-driven scaling',
  pdb: 'PodDisruptionBudget',
  monitoring: 'Prometheus ServiceMonitor',
  alerts: 'PrometheusRule alerts with runbooks',
  dashboard: 'Grafana dashboard',
  tracing: 'OpenTelemetry collector and Jaeger tracing',
  logging: 'Log aggregation',
  'network-policy': 'Default-deny NetworkPolicy with explicit allows',
  rbac: 'ServiceAccount and least-privilege Role',
  'pod-security': 'Pod Security Admission labels and Gatekeeper constraints',
  database: 'Database through its operator',
  rollout: 'Argo Rollout canary over the Deployment',
  cicd: 'Tekton pipeline and triggers',
  argocd: 'Argo CD Application',
  cost: 'ResourceQuota, LimitRange and cost alerts',
};

export class UnknownComponentError extends Error {}

export function resolveComponentNames(names: readonly string[]): ComponentId[] {
  const out = new Set<ComponentId>();
  for (const raw of names.flatMap((n) => n.split(','))) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if ((COMPONENT_IDS as readonly string[]).includes(name)) out.add(name as ComponentId);
    else if (COMPONENT_ALIASES[name]) COMPONENT_ALIASES[name].forEach((c) => out.add(c));
    else throw new UnknownComponentError(`unknown component "${raw.trim()}"; known: ${COMPONENT_IDS.join(', ')} (aliases: ${Object.keys(COMPONENT_ALIASES).join(', ')})`);
    for (const c of CORE_COMPONENTS) if (out.has(c)) throw new UnknownComponentError(`the ${c} component cannot be disabled: every other component builds on it`);
  }
  return [...out];
}

export interface SelectionInput {
  config: AppDeployment;
  facts?: DockerfileFacts;
  signals: RequirementSignals;
  hasPorts: boolean;
  /** A TCP port Prometheus can scrape (a UDP-only app has none). */
  hasScrapePort?: boolean;
  hasHttpPorts: boolean;
  eventsKind?: string;
  databaseType?: string;
  databaseReason?: Reason;
  /** Effective replica bounds after requirements (HA, uptime) raised the floor. */
  replicas: { min: number; max: number; reason: Reason };
  disabled: readonly ComponentId[];
}

const cfg = (text: string, ref: string): Reason => ({ text, source: 'config', ref });
const dflt = (text: string): Reason => ({ text, source: 'default' });
const df = (text: string, line: number, file: string): Reason => ({ text, source: 'dockerfile', ref: `${file}:${line}` });

export function selectComponents(input: SelectionInput): PlannedComponent[] {
  const { config, facts, signals } = input;
  const spec = config.spec;
  const c = spec.components;
  const dfName = facts ? facts.file.split('/').pop() ?? 'Dockerfile' : 'Dockerfile';
  const decisions = new Map<ComponentId, { enabled: boolean; reasons: Reason[] }>();
  const set = (id: ComponentId, enabled: boolean, ...reasons: (Reason | undefined)[]) =>
    decisions.set(id, { enabled, reasons: reasons.filter((r): r is Reason => r !== undefined) });

  set('deployment', true, dflt('every app runs as a Deployment'));
  set('service', input.hasPorts, input.hasPorts ? cfg('the app listens on ports', 'spec.ports') : dflt('no ports: nothing to route to'));
  set('configmap', true, dflt('non-secret settings live in a ConfigMap'));
  set('secrets', spec.secretsRequired.length > 0, spec.secretsRequired.length > 0 ? cfg(`secrets ${spec.secretsRequired.join(', ')}`, 'spec.secretsRequired') : dflt('no secrets required'));

  const web = facts?.exposed.find((p) => p.port === 80 || p.port === 443);
  const ingressOn = c.ingress.enabled ?? input.hasHttpPorts;
  set(
    'ingress',
    ingressOn,
    c.ingress.enabled !== undefined ? cfg(`ingress ${c.ingress.enabled ? 'enabled' : 'disabled'}`, 'spec.components.ingress.enabled') : undefined,
    web ? df(`${c.ingress.className === 'kong' ? 'Kong' : c.ingress.className} Ingress + cert-manager ← EXPOSE ${web.port}`, web.source.line, dfName) : undefined,
    ingressOn && !web && c.ingress.enabled === undefined ? cfg(`${c.ingress.className} Ingress for the HTTP ports`, 'spec.ports') : undefined,
    !ingressOn && c.ingress.enabled === undefined ? dflt('no HTTP port to expose') : undefined,
  );
  set('certificates', ingressOn && c.ingress.tls, ingressOn && c.ingress.tls ? cfg('TLS on the ingress', 'spec.components.ingress.tls') : dflt('no TLS ingress'));
  set('service-mesh', c.serviceMesh.enabled && input.hasPorts, cfg(`Istio with mTLS ${c.serviceMesh.mTLS}`, 'spec.components.serviceMesh'));

  const { min, max } = input.replicas;
  const auto = c.autoscaling.enabled;
  // When KEDA is turned off, the HPA takes over scaling.
  const keda = auto && input.eventsKind !== undefined && !input.disabled.includes('keda');
  set('keda', keda, keda ? { text: `KEDA scales on ${input.eventsKind}`, source: signals.events ? 'requirement' : 'dockerfile', ref: signals.events?.reason.ref } : dflt('no queue or event source'));
  set('hpa', auto && !keda && max > min, cfg(`HPA ${min}–${max} replicas at ${spec.scaling.targetCPU}% CPU`, 'spec.scaling'));
  set('vpa', auto, cfg('VPA recommendations (updateMode Off, so it never fights the HPA)', 'spec.components.autoscaling'));
  set('pdb', min > 1, min > 1 ? input.replicas.reason : dflt('a single replica cannot keep a disruption budget'));

  const mon = c.monitoring;
  const lang = facts?.manifests[0];
  const scrape = input.hasScrapePort ?? input.hasPorts;
  set('monitoring', mon.enabled && mon.metrics && scrape, input.hasPorts && !scrape ? dflt('no TCP port for Prometheus to scrape (UDP only)') : cfg('Prometheus metrics', 'spec.components.monitoring.metrics'), lang ? df(`language-specific monitoring ← COPY ${lang.path}`, lang.source.line, dfName) : undefined);
  set('alerts', mon.enabled && mon.metrics, cfg('alert rules with runbooks', 'spec.components.monitoring.metrics'));
  set('dashboard', mon.enabled && mon.metrics, cfg('Grafana dashboard for the app type', 'spec.components.monitoring.metrics'));
  set('tracing', mon.enabled && mon.traces, cfg('OpenTelemetry tracing', 'spec.components.monitoring.traces'));
  set('logging', mon.enabled && mon.logs, cfg('centralised logs', 'spec.components.monitoring.logs'));

  const user = facts?.user;
  const userReason = user && !user.root ? df(`restrictive security policies ← USER ${user.raw}`, user.source.line, dfName) : undefined;
  set('network-policy', true, dflt('default-deny network policy'), userReason);
  set('rbac', true, dflt('a dedicated ServiceAccount without API token'));
  set('pod-security', true, cfg(`security profile ${spec.securityProfile}`, 'spec.securityProfile'), userReason);

  const db = input.databaseType;
  const skipDb = facts?.databaseImage;
  set(
    'database',
    db !== undefined && !skipDb,
    skipDb ? df(`skip database operator ← FROM ${facts!.finalBase.raw}`, facts!.finalBase.source.line, dfName) : input.databaseReason,
  );
  set('rollout', input.hasPorts, input.hasPorts ? dflt('canary releases through Argo Rollouts') : dflt('no traffic to shift for a worker'));
  set('cicd', c.cicd.enabled, cfg('Tekton pipeline', 'spec.components.cicd'));
  set('argocd', c.cicd.enabled, cfg('Argo CD syncs the tree', 'spec.components.cicd'));
  set('cost', true, dflt('quotas and limits keep the namespace in budget'));

  const planned = COMPONENT_IDS.map((id): PlannedComponent => {
    const d = decisions.get(id)!;
    const disabled = input.disabled.includes(id);
    return {
      id,
      enabled: d.enabled && !disabled,
      summary: COMPONENT_SUMMARIES[id],
      reasons: disabled && d.enabled ? [{ text: 'disabled on the command line', source: 'flag', ref: '--disable-component' }, ...d.reasons] : d.reasons,
    };
  });
  // Cascade: a component whose prerequisite is off goes too (in dependency order).
  for (const c of planned) {
    const missing = (REQUIRES[c.id] ?? []).find((r) => !planned.find((p) => p.id === r)!.enabled);
    if (c.enabled && missing) {
      c.enabled = false;
      c.reasons = [{ text: `needs ${missing}, which is off`, source: 'default' }, ...c.reasons];
    }
  }
  return planned;
}
