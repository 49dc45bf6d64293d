// Reference rules: every name one object uses to reach another must resolve inside the
// set, or the cluster silently routes, scrapes or protects nothing.
import {
  containers,
  list,
  podLabels,
  sameNamespace,
  selects,
  type Entry,
  type ManifestSet,
  type Rule,
} from './manifest-set.js';

function scaleTargets(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  for (const e of set.entries) {
    const { kind, spec } = e.obj;
    if (kind === 'Rollout' && spec?.workloadRef?.name) {
      const target = `${spec.workloadRef.kind ?? 'Deployment'}/${spec.workloadRef.name}`;
      if (!set.find(spec.workloadRef.kind ?? 'Deployment', spec.workloadRef.name, e.obj.metadata.namespace)) {
        emit(e, {
          severity: 'error',
          rule: 'target-missing',
          message: `workloadRef ${target} is not in the set`,
          fix: 'generate the Deployment or fix the reference',
        });
      }
    }
    const target =
      kind === 'HorizontalPodAutoscaler' || kind === 'ScaledObject'
        ? spec?.scaleTargetRef
        : kind === 'VerticalPodAutoscaler'
          ? spec?.targetRef
          : undefined;
    if (!target?.name) continue;
    const targetKind = target.kind ?? 'Deployment';
    if (!set.find(targetKind, target.name, e.obj.metadata.namespace)) {
      emit(e, {
        severity: 'error',
        rule: 'target-missing',
        message: `targets ${targetKind}/${target.name}, which is not in the set`,
        fix: 'target an object that is generated, or enable its component',
      });
    }
  }
}

function services(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  for (const e of set.entries) {
    const svc = e.obj;
    if (svc.kind !== 'Service' || !svc.spec?.selector) continue;
    const backing = set.workloads.filter(
      (w) => sameNamespace(w.entry.obj, svc) && selects(svc.spec.selector, podLabels(w)),
    );
    if (backing.length === 0) {
      emit(e, {
        severity: 'error',
        rule: 'service-selector',
        message: 'the selector matches no pod template in the set',
        fix: "use the pods' labels as the selector",
      });
      continue;
    }
    for (const p of list(svc.spec.ports)) {
      if (typeof p?.targetPort !== 'string') continue;
      const named = backing.some((w) =>
        containers(w).some((c) => list(c?.ports).some((cp) => cp?.name === p.targetPort)),
      );
      if (!named)
        emit(e, {
          severity: 'error',
          rule: 'service-target-port',
          message: `targetPort ${p.targetPort} names no container port`,
          fix: 'name the container port or use its number',
        });
    }
  }
}

function ingresses(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  for (const e of set.entries) {
    if (e.obj.kind !== 'Ingress') continue;
    for (const rule of list(e.obj.spec?.rules)) {
      for (const path of list(rule?.http?.paths)) {
        const backend = path?.backend?.service;
        if (!backend) continue;
        const svc = set.find('Service', backend.name, e.obj.metadata.namespace);
        if (!svc) {
          emit(e, {
            severity: 'error',
            rule: 'ingress-backend',
            message: `backend Service ${backend.name} is not in the set`,
            fix: 'point the path at a generated Service',
          });
          continue;
        }
        const port = backend.port ?? {};
        if (
          !list(svc.obj.spec?.ports).some(
            (p) =>
              (port.name !== undefined && p?.name === port.name) ||
              (port.number !== undefined && p?.port === port.number),
          )
        ) {
          emit(e, {
            severity: 'error',
            rule: 'ingress-backend',
            message: `Service ${backend.name} has no port ${port.name ?? port.number}`,
            fix: "use one of the Service's ports",
          });
        }
      }
    }
  }
}

function selectsSomePod(set: ManifestSet, e: Entry, selector: unknown): boolean {
  return set.workloads.some((w) => sameNamespace(w.entry.obj, e.obj) && selects(selector, podLabels(w)));
}

function podSelectors(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  for (const e of set.entries) {
    const { kind, spec } = e.obj;
    if (kind === 'NetworkPolicy') {
      const sel = spec?.podSelector?.matchLabels;
      // An empty podSelector selects every pod of the namespace on purpose (default deny).
      if (sel && Object.keys(sel).length > 0 && !selectsSomePod(set, e, sel)) {
        emit(e, {
          severity: 'warning',
          rule: 'networkpolicy-selects-nothing',
          message: 'the podSelector matches no pods in the set',
          fix: "select the app's pod labels",
        });
      }
    }
    if (kind === 'PodDisruptionBudget' && !selectsSomePod(set, e, spec?.selector?.matchLabels)) {
      emit(e, {
        severity: 'error',
        rule: 'target-missing',
        message: 'the selector matches no pods in the set',
        fix: "select the app's pod labels",
      });
    }
  }
}

function serviceMonitors(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  for (const e of set.entries) {
    if (e.obj.kind !== 'ServiceMonitor') continue;
    const svcs = set.entries.filter(
      (s) => s.obj.kind === 'Service' && selects(e.obj.spec?.selector?.matchLabels, s.obj.metadata.labels),
    );
    if (svcs.length === 0) {
      emit(e, {
        severity: 'error',
        rule: 'servicemonitor-selector',
        message: 'the selector matches no Service labels in the set',
        fix: 'label the Service and select those labels',
      });
      continue;
    }
    for (const ep of list(e.obj.spec?.endpoints)) {
      if (ep?.port && !svcs.some((s) => list(s.obj.spec?.ports).some((p) => p?.name === ep.port))) {
        emit(e, {
          severity: 'error',
          rule: 'servicemonitor-port',
          message: `endpoint port ${ep.port} names no Service port`,
          fix: 'use a named Service port',
        });
      }
    }
  }
}

function secretValues(set: ManifestSet, emit: Parameters<Rule>[1]): void {
  const filled = (v: unknown) => !!v && typeof v === 'object' && Object.keys(v).length > 0;
  for (const e of set.entries) {
    if (e.obj.kind === 'Secret' && (filled(e.obj.data) || filled(e.obj.stringData))) {
      emit(e, {
        severity: 'warning',
        rule: 'secret-values',
        message: 'the Secret carries values in the manifest',
        fix: 'fill Secrets out of band or from a secret store; keep values out of Git',
      });
    }
  }
}

export const references: Rule = (set, emit) => {
  for (const rule of [scaleTargets, services, ingresses, podSelectors, serviceMonitors, secretValues]) rule(set, emit);
};
