// The monthly compute cost of a manifest set's long-running workloads, priced with the
// cost-optimization server's models: per pod, the containers' requests; times the
// replicas the set asks for (an autoscaler's minimum when one targets the workload) and
// times the autoscaler's maximum.
import { cores, gib, models, round } from '../../mcp/cost-optimization/pricing.js';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: any };

const RUNS_PODS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout']);

function podRequests(template: any): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of Array.isArray(template?.spec?.containers) ? template.spec.containers : []) {
    const r = c?.resources?.requests ?? {};
    if (typeof r.cpu === 'string' || typeof r.cpu === 'number') cpu += cores(String(r.cpu)) || 0;
    if (typeof r.memory === 'string' || typeof r.memory === 'number') mem += gib(String(r.memory)) || 0;
  }
  return { cpu, mem };
}

/** min and max replicas of the autoscalers (HPA, KEDA ScaledObject) by the Kind/name they scale. */
function scalers(objects: readonly Obj[]): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const o of objects) {
    const s = o.spec ?? {};
    const ns = o.metadata.namespace ?? '';
    if (o.kind === 'HorizontalPodAutoscaler' && s.scaleTargetRef?.name)
      out.set(`${ns}/${s.scaleTargetRef.kind ?? 'Deployment'}/${s.scaleTargetRef.name}`, {
        min: s.minReplicas ?? 1,
        max: s.maxReplicas ?? s.minReplicas ?? 1,
      });
    if (o.kind === 'ScaledObject' && s.scaleTargetRef?.name)
      out.set(`${ns}/${s.scaleTargetRef.kind ?? 'Deployment'}/${s.scaleTargetRef.name}`, {
        min: s.minReplicaCount ?? 0,
        max: s.maxReplicaCount ?? 100,
      });
  }
  return out;
}

/** A Rollout with workloadRef runs the referenced Deployment's template with its own replicas. */
function templateOf(o: Obj, objects: readonly Obj[]): any {
  const ref = o.spec?.workloadRef;
  if (o.kind !== 'Rollout' || !ref?.name) return o.spec?.template;
  return objects.find(
    (x) =>
      x.kind === (ref.kind ?? 'Deployment') &&
      x.metadata.name === ref.name &&
      x.metadata.namespace === o.metadata.namespace,
  )?.spec?.template;
}

export interface MonthlyCost {
  atReplicas: number;
  atMax: number;
}

export const PRICED_CLOUD = 'aws';

/** Dollars a month for the set's pods, at the replicas asked for and at the autoscalers' maximum. */
export function monthlyCost(objects: readonly Obj[], cloud = PRICED_CLOUD): MonthlyCost {
  const m = models();
  const p = m.clouds[cloud];
  const scaled = scalers(objects);
  let atReplicas = 0;
  let atMax = 0;
  for (const o of objects) {
    if (!RUNS_PODS.has(o.kind)) continue;
    const { cpu, mem } = podRequests(templateOf(o, objects));
    const perPod = m.hoursPerMonth * (cpu * p.vcpuHour + mem * p.gibHour);
    const scaler = scaled.get(`${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`);
    const replicas = o.kind === 'DaemonSet' ? 1 : typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
    // An autoscaler sets the replicas itself, from its minimum up.
    atReplicas += perPod * (scaler ? scaler.min : replicas);
    atMax += perPod * (scaler ? scaler.max : replicas);
  }
  return { atReplicas: round(atReplicas), atMax: round(atMax) };
}

export function pricedRegion(cloud = PRICED_CLOUD): string {
  return models().clouds[cloud].region;
}
