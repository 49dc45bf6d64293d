// Availability rules: how many pods a workload runs (its replicas, or its autoscaler's
// bounds) decides whether it needs a PodDisruptionBudget and a spread over zones and nodes,
// and an autoscaled workload must leave spec.replicas to the autoscaler.
import {
  podLabels,
  sameNamespace,
  selects,
  type Entry,
  type ManifestSet,
  type Rule,
  type Workload,
} from './manifest-set.js';

interface Scaler {
  entry: Entry;
  min: number;
  max: number;
}

const SCALED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'];

/** The HPA or ScaledObject whose scale target is this workload, with its bounds and the API defaults. */
function autoscalerOf(set: ManifestSet, w: Workload): Scaler | undefined {
  const o = w.entry.obj;
  for (const e of set.entries) {
    const { kind, spec } = e.obj;
    if (kind !== 'HorizontalPodAutoscaler' && kind !== 'ScaledObject') continue;
    const target = spec?.scaleTargetRef;
    if (
      !target ||
      target.name !== o.metadata.name ||
      (target.kind ?? 'Deployment') !== o.kind ||
      !sameNamespace(e.obj, o)
    )
      continue;
    if (kind === 'HorizontalPodAutoscaler') return { entry: e, min: spec.minReplicas ?? 1, max: spec.maxReplicas ?? 1 };
    return { entry: e, min: spec.minReplicaCount ?? 0, max: spec.maxReplicaCount ?? 100 };
  }
  return undefined;
}

export const availability: Rule = (set, emit) => {
  for (const w of set.workloads) {
    const o = w.entry.obj;
    if (!SCALED_KINDS.includes(o.kind)) continue;
    const scaler = autoscalerOf(set, w);
    if (scaler && w.replicas !== undefined) {
      emit(w.entry, {
        severity: 'warning',
        rule: 'hpa-replicas',
        message: `${scaler.entry.obj.kind}/${scaler.entry.obj.metadata.name} scales this workload, yet it sets spec.replicas: every apply resets the scale`,
        fix: 'remove spec.replicas and let the autoscaler own it',
      });
    }
    const min = scaler ? scaler.min : (w.replicas ?? 1);
    const max = scaler ? Math.max(scaler.max, min) : min;
    const labels = podLabels(w);
    if (
      min > 1 &&
      !set.entries.some(
        (e) =>
          e.obj.kind === 'PodDisruptionBudget' &&
          sameNamespace(e.obj, o) &&
          selects(e.obj.spec?.selector?.matchLabels, labels),
      )
    ) {
      emit(w.entry, {
        severity: 'warning',
        rule: 'pdb-missing',
        message: `runs at least ${min} replicas but no PodDisruptionBudget protects them during node drains`,
        fix: 'add a PodDisruptionBudget selecting the pods (maxUnavailable: 1)',
      });
    }
    const pod = w.template.spec ?? {};
    const spread =
      (Array.isArray(pod.topologySpreadConstraints) && pod.topologySpreadConstraints.length > 0) ||
      pod.affinity?.podAntiAffinity;
    if (max > 1 && !spread) {
      emit(w.entry, {
        severity: 'warning',
        rule: 'spread-missing',
        message: `up to ${max} replicas but no topology spread or pod anti-affinity: they may all land on one node`,
        fix: 'add topologySpreadConstraints over topology.kubernetes.io/zone and kubernetes.io/hostname',
      });
    }
  }
};
