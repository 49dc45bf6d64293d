// The component selection matrix: which components an app gets and why. Each
// decision carries its reason — a config field, a Dockerfile line or a requirement.
import type { ComponentId } from './app-context.js';
import { registry, type ComponentRegistry } from './registry.js';
import type { AppDeployment } from '../app-config/schema.js';
import type { DockerfileFacts } from '../dockerfile/facts.js';
import type { RequirementSignals } from './requirements.js';
import type { PlannedComponent, Reason } from './types.js';
import { imageDecisions, type StatefulSelection } from './stateful-components.js';

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
  /** Whether a known endpoint serves Prometheus metrics, and why (see metrics.ts). */
  metrics?: { scraped: boolean; reason: Reason };
  hasHttpPorts: boolean;
  eventsKind?: string;
  databaseType?: string;
  databaseReason?: Reason;
  /** Effective replica bounds after requirements (HA, uptime) raised the floor. */
  replicas: { min: number; max: number; reason: Reason };
  disabled: readonly ComponentId[];
  /** The image is itself a database, cache or broker, run as given. */
  stateful?: StatefulSelection;
}

const cfg = (text: string, ref: string): Reason => ({ text, source: 'config', ref });
/** Why a component is out when a config switch turned it off. */
const off = (what: string, ref: string): Reason => cfg(`${what} switched off`, ref);
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
  const ingressWanted = c.ingress.enabled ?? input.hasHttpPorts;
  // An Ingress answers on a DNS name; without one there is nothing true to write in its rule.
  const ingressOn = ingressWanted && c.ingress.host !== undefined;
  set(
    'ingress',
    ingressOn,
    ingressWanted && !ingressOn
      ? cfg(
          'no spec.components.ingress.host: an Ingress needs the DNS name it answers on; set it to expose the app',
          'spec.components.ingress.host',
        )
      : undefined,
    c.ingress.enabled !== undefined
      ? cfg(`ingress ${c.ingress.enabled ? 'enabled' : 'disabled'}`, 'spec.components.ingress.enabled')
      : undefined,
    web && ingressOn
      ? df(
          `${c.ingress.className === 'kong' ? 'Kong' : c.ingress.className} Ingress + cert-manager ← EXPOSE ${web.port}`,
          web.source.line,
          dfName,
        )
      : undefined,
    ingressOn && !web && c.ingress.enabled === undefined
      ? cfg(`${c.ingress.className} Ingress for the HTTP ports`, 'spec.ports')
      : undefined,
    !ingressWanted && c.ingress.enabled === undefined ? dflt('no HTTP port to expose') : undefined,
  );
  set(
    'certificates',
    ingressOn && c.ingress.tls,
    ingressOn && c.ingress.tls ? cfg('TLS on the ingress', 'spec.components.ingress.tls') : dflt('no TLS ingress'),
  );
  // A worker serves nothing, but its outbound calls still need the mesh's identity and mTLS.
  set(
    'service-mesh',
    c.serviceMesh.enabled,
    c.serviceMesh.enabled
      ? cfg(
          `Istio with mTLS ${c.serviceMesh.mTLS}${input.hasPorts ? '' : ' for the outbound calls of a worker (no Service to route)'}`,
          'spec.components.serviceMesh',
        )
      : off('the service mesh', 'spec.components.serviceMesh.enabled'),
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
      : !auto && input.eventsKind !== undefined
        ? off('autoscaling', 'spec.components.autoscaling.enabled')
        : dflt('no queue or event source'),
  );
  set(
    'hpa',
    auto && !keda && max > min,
    !auto
      ? off('autoscaling', 'spec.components.autoscaling.enabled')
      : keda
        ? dflt(`KEDA scales on ${input.eventsKind} instead; two autoscalers would fight over the replicas`)
        : max <= min
          ? cfg(`nothing to scale: at most ${max} and at least ${min} replicas`, 'spec.scaling')
          : cfg(`HPA ${min}–${max} replicas at ${spec.scaling.targetCPU}% CPU`, 'spec.scaling'),
  );
  set(
    'vpa',
    auto,
    auto
      ? cfg('VPA recommendations (updateMode Off, so it never fights the HPA)', 'spec.components.autoscaling')
      : off('autoscaling', 'spec.components.autoscaling.enabled'),
  );
  set('pdb', min > 1, min > 1 ? input.replicas.reason : dflt('a single replica cannot keep a disruption budget'));

  const mon = c.monitoring;
  // Monitoring off as a whole, or one signal of it off: the reason names the switch.
  const monOff = (field: 'metrics' | 'traces' | 'logs') =>
    !mon.enabled
      ? off('monitoring', 'spec.components.monitoring.enabled')
      : off(field, `spec.components.monitoring.${field}`);
  const scraped = input.metrics?.scraped ?? input.hasPorts;
  set(
    'monitoring',
    mon.enabled && mon.metrics && scraped,
    mon.enabled && mon.metrics
      ? (input.metrics?.reason ?? cfg('Prometheus metrics', 'spec.components.monitoring.metrics'))
      : monOff('metrics'),
  );
  const metricsOn = mon.enabled && mon.metrics;
  set(
    'alerts',
    metricsOn,
    metricsOn ? cfg('alert rules with runbooks', 'spec.components.monitoring.metrics') : monOff('metrics'),
  );
  set(
    'dashboard',
    metricsOn,
    metricsOn ? cfg('Grafana dashboard for the app type', 'spec.components.monitoring.metrics') : monOff('metrics'),
  );
  const tracesOn = mon.enabled && mon.traces;
  set(
    'tracing',
    tracesOn,
    tracesOn ? cfg('OpenTelemetry tracing', 'spec.components.monitoring.traces') : monOff('traces'),
  );
  const logsOn = mon.enabled && mon.logs;
  set('logging', logsOn, logsOn ? cfg('centralised logs', 'spec.components.monitoring.logs') : monOff('logs'));

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
  set(
    'cicd',
    c.cicd.enabled,
    c.cicd.enabled ? cfg('Tekton pipeline', 'spec.components.cicd') : off('CI/CD', 'spec.components.cicd.enabled'),
  );
  set(
    'argocd',
    c.cicd.enabled && c.cicd.gitRepo !== undefined,
    c.cicd.enabled && c.cicd.gitRepo === undefined
      ? cfg(
          'no spec.components.cicd.gitRepo: Argo CD needs the repository it syncs from',
          'spec.components.cicd.gitRepo',
        )
      : c.cicd.enabled
        ? cfg('Argo CD syncs the tree', 'spec.components.cicd')
        : off('CI/CD', 'spec.components.cicd.enabled'),
  );
  set('cost', true, dflt('quotas and limits keep the namespace in budget'));

  // What the image is overrides the matrix: nothing to build without a Dockerfile, a database runs as one primary.
  for (const [id, d] of imageDecisions(config, input.stateful)) set(id, d.enabled, ...d.reasons);

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
