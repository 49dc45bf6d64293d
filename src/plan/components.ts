// The component selection matrix: which components an app gets and why. Each
// decision carries its reason — a config field, a Dockerfile line or a requirement.
import type { ComponentId } from './app-context.js';
import { registry, type ComponentRegistry } from './registry.js';
import type { AppDeployment } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import type { RequirementSignals } from './requirements.js';
import type { PlannedComponent, Reason } from './types.js';

export class UnknownComponentError extends Error {}

/** `--disable-component` names (ids or aliases, comma-separated or repeated) → component ids. */
export function resolveComponentNames(names: readonly string[], reg: ComponentRegistry = registry): ComponentId[] {
  const out = new Set<string>();
  for (const raw of names.flatMap((n) => n.split(','))) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (reg.get(name)) out.add(name);
    else if (reg.aliases.has(name)) reg.aliases.get(name)!.forEach((c) => out.add(c));
    else
      throw new UnknownComponentError(
        `unknown component "${raw.trim()}"; known: ${reg.ids.join(', ')} (aliases: ${[...reg.aliases.keys()].join(', ')})`,
      );
    for (const c of out)
      if (reg.get(c)?.core)
        throw new UnknownComponentError(`the ${c} component cannot be disabled: every other component builds on it`);
  }
  return [...out] as ComponentId[];
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
const df = (text: string, line: number, file: string): Reason => ({
  text,
  source: 'dockerfile',
  ref: `${file}:${line}`,
});

export function selectComponents(input: SelectionInput, reg: ComponentRegistry = registry): PlannedComponent[] {
  const { config, facts, signals } = input;
  const spec = config.spec;
  const c = spec.components;
  const dfName = facts ? (facts.file.split('/').pop() ?? 'Dockerfile') : 'Dockerfile';
  const decisions = new Map<ComponentId, { enabled: boolean; reasons: Reason[] }>();
  const set = (id: ComponentId, enabled: boolean, ...reasons: (Reason | undefined)[]) =>
    decisions.set(id, { enabled, reasons: reasons.filter((r): r is Reason => r !== undefined) });

  set('deployment', true, dflt('every app runs as a Deployment'));
  set(
    'service',
    input.hasPorts,
    input.hasPorts ? cfg('the app listens on ports', 'spec.ports') : dflt('no ports: nothing to route to'),
  );
  set('configmap', true, dflt('non-secret settings live in a ConfigMap'));
  set(
    'secrets',
    spec.secretsRequired.length > 0,
    spec.secretsRequired.length > 0
      ? cfg(`secrets ${spec.secretsRequired.join(', ')}`, 'spec.secretsRequired')
      : dflt('no secrets required'),
  );

  const web = facts?.exposed.find((p) => p.port === 80 || p.port === 443);
  const ingressOn = c.ingress.enabled ?? input.hasHttpPorts;
  set(
    'ingress',
    ingressOn,
    c.ingress.enabled !== undefined
      ? cfg(`ingress ${c.ingress.enabled ? 'enabled' : 'disabled'}`, 'spec.components.ingress.enabled')
      : undefined,
    web
      ? df(
          `${c.ingress.className === 'kong' ? 'Kong' : c.ingress.className} Ingress + cert-manager ← EXPOSE ${web.port}`,
          web.source.line,
          dfName,
        )
      : undefined,
    ingressOn && !web && c.ingress.enabled === undefined
      ? cfg(`${c.ingress.className} Ingress for the HTTP ports`, 'spec.ports')
      : undefined,
    !ingressOn && c.ingress.enabled === undefined ? dflt('no HTTP port to expose') : undefined,
  );
  set(
    'certificates',
    ingressOn && c.ingress.tls,
    ingressOn && c.ingress.tls ? cfg('TLS on the ingress', 'spec.components.ingress.tls') : dflt('no TLS ingress'),
  );
  set(
    'service-mesh',
    c.serviceMesh.enabled && input.hasPorts,
    cfg(`Istio with mTLS ${c.serviceMesh.mTLS}`, 'spec.components.serviceMesh'),
  );

  const { min, max } = input.replicas;
  const auto = c.autoscaling.enabled;
  // When KEDA is turned off, the HPA takes over scaling.
  const keda = auto && input.eventsKind !== undefined && !input.disabled.includes('keda');
  set(
    'keda',
    keda,
    keda
      ? {
          text: `KEDA scales on ${input.eventsKind}`,
          source: signals.events ? 'requirement' : 'dockerfile',
          ref: signals.events?.reason.ref,
        }
      : dflt('no queue or event source'),
  );
  set(
    'hpa',
    auto && !keda && max > min,
    cfg(`HPA ${min}–${max} replicas at ${spec.scaling.targetCPU}% CPU`, 'spec.scaling'),
  );
  set(
    'vpa',
    auto,
    cfg('VPA recommendations (updateMode Off, so it never fights the HPA)', 'spec.components.autoscaling'),
  );
  set('pdb', min > 1, min > 1 ? input.replicas.reason : dflt('a single replica cannot keep a disruption budget'));

  const mon = c.monitoring;
  const lang = facts?.manifests[0];
  const scrape = input.hasScrapePort ?? input.hasPorts;
  set(
    'monitoring',
    mon.enabled && mon.metrics && scrape,
    input.hasPorts && !scrape
      ? dflt('no TCP port for Prometheus to scrape (UDP only)')
      : cfg('Prometheus metrics', 'spec.components.monitoring.metrics'),
    lang ? df(`language-specific monitoring ← COPY ${lang.path}`, lang.source.line, dfName) : undefined,
  );
  set('alerts', mon.enabled && mon.metrics, cfg('alert rules with runbooks', 'spec.components.monitoring.metrics'));
  set(
    'dashboard',
    mon.enabled && mon.metrics,
    cfg('Grafana dashboard for the app type', 'spec.components.monitoring.metrics'),
  );
  set('tracing', mon.enabled && mon.traces, cfg('OpenTelemetry tracing', 'spec.components.monitoring.traces'));
  set('logging', mon.enabled && mon.logs, cfg('centralised logs', 'spec.components.monitoring.logs'));

  const user = facts?.user;
  const userReason =
    user && !user.root ? df(`restrictive security policies ← USER ${user.raw}`, user.source.line, dfName) : undefined;
  set('network-policy', true, dflt('default-deny network policy'), userReason);
  set('rbac', true, dflt('a dedicated ServiceAccount without API token'));
  set('pod-security', true, cfg(`security profile ${spec.securityProfile}`, 'spec.securityProfile'), userReason);

  const db = input.databaseType;
  const skipDb = facts?.databaseImage;
  set(
    'database',
    db !== undefined && !skipDb,
    skipDb
      ? df(`skip database operator ← FROM ${facts!.finalBase.raw}`, facts!.finalBase.source.line, dfName)
      : input.databaseReason,
  );
  // Only on request: without the Argo Rollouts controller a Rollout runs nothing and its Deployment stays at zero.
  set(
    'rollout',
    input.hasPorts && signals.progressive !== undefined,
    !input.hasPorts
      ? dflt('no traffic to shift for a worker')
      : (signals.progressive ??
          dflt(
            'a plain Deployment: no requirement asks for canary or progressive delivery (Argo Rollouts would need its controller on the cluster)',
          )),
  );
  set('cicd', c.cicd.enabled, cfg('Tekton pipeline', 'spec.components.cicd'));
  set('argocd', c.cicd.enabled, cfg('Argo CD syncs the tree', 'spec.components.cicd'));
  set('cost', true, dflt('quotas and limits keep the namespace in budget'));

  const planned = reg.records.map((record): PlannedComponent => {
    const id = record.id as ComponentId;
    // The matrix above decides the built-in components; any other decides for itself.
    const d = decisions.get(id) ?? record.select?.(config) ?? { enabled: false, reasons: [dflt('nothing selects it')] };
    const disabled = (input.disabled as readonly string[]).includes(id);
    return {
      id,
      enabled: d.enabled && !disabled,
      summary: record.summary,
      reasons:
        disabled && d.enabled
          ? [{ text: 'disabled on the command line', source: 'flag', ref: '--disable-component' }, ...d.reasons]
          : d.reasons,
    };
  });
  // Cascade: a component whose prerequisite is off goes too (in dependency order).
  for (const c of planned) {
    const missing = (reg.get(c.id)?.requires ?? []).find((r) => !planned.find((p) => p.id === r)!.enabled);
    if (c.enabled && missing) {
      c.enabled = false;
      c.reasons = [{ text: `needs ${missing}, which is off`, source: 'default' }, ...c.reasons];
    }
  }
  return planned;
}
