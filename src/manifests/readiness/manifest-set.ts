// The manifest set as the readiness rules see it: objects with the file they came
// from, the workloads and their pod templates, and lookups by kind and name. Input
// may be hand-written YAML that already failed its schema, so every read is defensive.
import type { Finding } from '../result.js';

export type Labels = Record<string, string>;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Labels };
  spec?: any;
  data?: unknown;
  stringData?: unknown;
}

export interface Entry {
  obj: K8sObject;
  file?: string;
}

interface PodTemplate {
  metadata?: { labels?: Labels };
  spec?: any;
}

export interface Workload {
  entry: Entry;
  /** spec.replicas as written; undefined when the field is absent. */
  replicas?: number;
  template: PodTemplate;
  /** A Rollout with workloadRef runs another object's template: hardening is checked there, not twice. */
  borrowed: boolean;
}

export interface ManifestSet {
  entries: Entry[];
  workloads: Workload[];
  find(kind: string, name: string, namespace?: string): Entry | undefined;
}

type Emit = (subject: Entry, finding: Omit<Finding, 'subject' | 'file'>) => void;
export type Rule = (set: ManifestSet, emit: Emit) => void;

export const ref = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

/** Objects without a namespace land in whatever namespace they are applied to, so they match any. */
export const sameNamespace = (a: K8sObject, b: K8sObject): boolean =>
  !a.metadata.namespace || !b.metadata.namespace || a.metadata.namespace === b.metadata.namespace;

export const list = <T = any>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** An equality selector selects the labels when it is non-empty and every pair is present. */
export function selects(selector: unknown, labels: Labels | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const pairs = Object.entries(selector as Labels);
  return pairs.length > 0 && pairs.every(([k, v]) => labels?.[k] === v);
}

export function podLabels(w: Workload): Labels {
  return w.template.metadata?.labels ?? {};
}

export function containers(w: Workload): any[] {
  return list(w.template.spec?.containers);
}

const POD_OWNERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

export function manifestSet(entries: Entry[]): ManifestSet {
  const index = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = `${e.obj.kind}/${e.obj.metadata.name}`;
    index.set(key, [...(index.get(key) ?? []), e]);
  }
  const find = (kind: string, name: string, namespace?: string) =>
    (index.get(`${kind}/${name}`) ?? []).find(
      (e) => !namespace || !e.obj.metadata.namespace || e.obj.metadata.namespace === namespace,
    );

  const workloads: Workload[] = [];
  for (const e of entries) {
    const { kind, spec } = e.obj;
    const replicas = typeof spec?.replicas === 'number' ? spec.replicas : undefined;
    if (POD_OWNERS.includes(kind) && spec?.template)
      workloads.push({ entry: e, replicas, template: spec.template, borrowed: false });
    else if (kind === 'CronJob' && spec?.jobTemplate?.spec?.template)
      workloads.push({ entry: e, template: spec.jobTemplate.spec.template, borrowed: false });
    else if (kind === 'Rollout' && spec?.template)
      workloads.push({ entry: e, replicas, template: spec.template, borrowed: false });
    else if (kind === 'Rollout' && spec?.workloadRef?.name) {
      const target = find(spec.workloadRef.kind ?? 'Deployment', spec.workloadRef.name, e.obj.metadata.namespace);
      if (target?.obj.spec?.template)
        workloads.push({ entry: e, replicas, template: target.obj.spec.template, borrowed: true });
    }
  }
  return { entries, workloads, find };
}
