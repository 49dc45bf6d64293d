// Production-readiness rules of the kube-score / Polaris kind over a whole manifest
// set: hardening of each workload, and references between objects that must resolve.
import type { Finding } from '../../mcp/shared/result.js';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: unknown; stringData?: unknown };
type Labels = Record<string, string>;

interface Workload {
  obj: Obj;
  replicas?: number;
  template: { metadata?: { labels?: Labels }; spec?: any };
}

const ref = (o: Obj) => `${o.kind}/${o.metadata.name}`;
const matches = (selector: Labels | undefined, labels: Labels | undefined) => !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function workloads(objs: Obj[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objs) {
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind) && o.spec?.template) out.push({ obj: o, replicas: o.spec.replicas, template: o.spec.template });
    else if (o.kind === 'CronJob' && o.spec?.jobTemplate?.spec?.template) out.push({ obj: o, template: o.spec.jobTemplate.spec.template });
    else if (o.kind === 'Rollout' && o.spec?.template) out.push({ obj: o, replicas: o.spec.replicas, template: o.spec.template });
  }
  return out;
}

function hardening(w: Workload, f: (f: Omit<Finding, 'subject'>) => void): void {
  const pod = w.template.spec ?? {};
  const containers: any[] = [...(pod.containers ?? [])];
  const podSc = pod.securityContext ?? {};
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const who = `container ${c.name}`;
    if (!c.readinessProbe && !(c.ports?.length === 0 || c.ports === undefined)) f({ severity: 'warning', rule: 'probes-missing', message: `${who} serves ports but has no readinessProbe`, fix: 'add a readinessProbe (httpGet, grpc or tcpSocket)' });
    if (!c.livenessProbe && c.ports?.length) f({ severity: 'warning', rule: 'probes-missing', message: `${who} has no livenessProbe`, fix: 'add a livenessProbe' });
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory) f({ severity: 'error', rule: 'resources-requests', message: `${who} has no CPU and memory requests`, fix: 'set resources.requests.cpu and .memory' });
    if (!c.resources?.limits?.memory) f({ severity: 'warning', rule: 'resources-limits', message: `${who} has no memory limit`, fix: 'set resources.limits.memory' });
    if (!(sc.runAsNonRoot ?? podSc.runAsNonRoot)) f({ severity: 'error', rule: 'run-as-non-root', message: `${who} may run as root`, fix: 'set securityContext.runAsNonRoot: true' });
    if (sc.readOnlyRootFilesystem !== true) f({ severity: 'warning', rule: 'read-only-root-fs', message: `${who} has a writable root filesystem`, fix: 'set readOnlyRootFilesystem: true and mount an emptyDir where it writes' });
    if (sc.allowPrivilegeEscalation !== false) f({ severity: 'error', rule: 'privilege-escalation', message: `${who} allows privilege escalation`, fix: 'set allowPrivilegeEscalation: false' });
    if (sc.privileged) f({ severity: 'error', rule: 'privileged', message: `${who} is privileged`, fix: 'remove privileged: true' });
    const image: string = c.image ?? '';
    const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
    if (!tag || tag === 'latest') f({ severity: 'warning', rule: 'image-tag', message: `${who} uses ${image} without a fixed tag`, fix: 'pin a version tag or digest' });
  }
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) f({ severity: 'error', rule: 'host-namespaces', message: 'the pod shares host namespaces', fix: 'remove hostNetwork/hostPID/hostIPC' });
}

export function readinessFindings(objects: Obj[]): Finding[] {
  const findings: Finding[] = [];
  const add = (subject: string) => (f: Omit<Finding, 'subject'>) => findings.push({ ...f, subject });
  const ws = workloads(objects);
  const byRef = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  const podLabelSets = ws.map((w) => w.template.metadata?.labels ?? {});
  // A Rollout with workloadRef runs the referenced Deployment's pod template.
  for (const r of objects.filter((o) => o.kind === 'Rollout' && o.spec?.workloadRef)) {
    const target = byRef.get(`${r.spec.workloadRef.kind}/${r.spec.workloadRef.name}`);
    if (!target) add(ref(r))({ severity: 'error', rule: 'target-missing', message: `workloadRef ${r.spec.workloadRef.kind}/${r.spec.workloadRef.name} is not in the set`, fix: 'generate the Deployment or fix the reference' });
  }

  const autoscaled = new Set<string>();
  for (const o of objects) {
    const target = o.kind === 'HorizontalPodAutoscaler' ? o.spec?.scaleTargetRef : o.kind === 'ScaledObject' ? o.spec?.scaleTargetRef : o.kind === 'VerticalPodAutoscaler' ? o.spec?.targetRef : undefined;
    if (!target) continue;
    const kind = target.kind ?? 'Deployment';
    if (!byRef.has(`${kind}/${target.name}`)) add(ref(o))({ severity: 'error', rule: 'target-missing', message: `targets ${kind}/${target.name}, which is not in the set`, fix: 'target an object that is generated, or enable its component' });
    if (o.kind !== 'VerticalPodAutoscaler') autoscaled.add(`${kind}/${target.name}`);
  }

  for (const w of ws) {
    const subject = ref(w.obj);
    hardening(w, add(subject));
    const max = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === w.obj.metadata.name)?.spec?.maxReplicas;
    const replicas = w.replicas ?? (autoscaled.has(subject) ? max : 1);
    if (autoscaled.has(subject) && w.replicas !== undefined && w.obj.kind === 'Deployment') add(subject)({ severity: 'warning', rule: 'hpa-replicas', message: 'an autoscaler manages this workload but it also sets spec.replicas; every apply resets the scale', fix: 'remove spec.replicas' });
    const labels = w.template.metadata?.labels;
    const minAvailable = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === w.obj.metadata.name)?.spec?.minReplicas ?? w.replicas ?? 1;
    if (minAvailable > 1 && !objects.some((o) => o.kind === 'PodDisruptionBudget' && matches(o.spec?.selector?.matchLabels, labels))) add(subject)({ severity: 'warning', rule: 'pdb-missing', message: `${minAvailable} replicas but no PodDisruptionBudget`, fix: 'add a PodDisruptionBudget selecting the pods' });
    if ((replicas ?? 1) > 1 && !w.template.spec?.topologySpreadConstraints?.length && !w.template.spec?.affinity?.podAntiAffinity) add(subject)({ severity: 'warning', rule: 'spread-missing', message: 'several replicas but no topology spread or anti-affinity', fix: 'add topologySpreadConstraints over zones and nodes' });
  }

  for (const o of objects) {
    const f = add(ref(o));
    if (o.kind === 'Service' && o.spec?.selector) {
      const backing = ws.filter((w) => matches(o.spec.selector, w.template.metadata?.labels));
      if (backing.length === 0) f({ severity: 'error', rule: 'service-selector', message: 'the selector matches no pod template in the set', fix: 'use the pods\' labels as the selector' });
      for (const p of o.spec.ports ?? []) {
        if (typeof p.targetPort !== 'string') continue;
        const named = backing.some((w) => (w.template.spec?.containers ?? []).some((c: any) => (c.ports ?? []).some((cp: any) => cp.name === p.targetPort)));
        if (backing.length && !named) f({ severity: 'error', rule: 'service-target-port', message: `targetPort ${p.targetPort} names no container port`, fix: 'name the container port or use its number' });
      }
    }
    if (o.kind === 'Ingress') {
      for (const rule of o.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
          const svc = byRef.get(`Service/${path.backend?.service?.name}`);
          if (!svc) f({ severity: 'error', rule: 'ingress-backend', message: `backend Service ${path.backend?.service?.name} is not in the set`, fix: 'point the path at a generated Service' });
          else {
            const port = path.backend.service.port;
            if (!(svc.spec?.ports ?? []).some((p: any) => p.name === port?.name || p.port === port?.number)) f({ severity: 'error', rule: 'ingress-backend', message: `Service ${svc.metadata.name} has no port ${port?.name ?? port?.number}`, fix: 'use one of the Service\'s ports' });
          }
        }
      }
    }
    if (o.kind === 'NetworkPolicy') {
      const sel = o.spec?.podSelector?.matchLabels;
      if (sel && Object.keys(sel).length > 0 && !podLabelSets.some((l) => matches(sel, l))) f({ severity: 'warning', rule: 'networkpolicy-selects-nothing', message: 'the podSelector matches no pods in the set', fix: 'select the app\'s pod labels' });
    }
    if (o.kind === 'PodDisruptionBudget' && !podLabelSets.some((l) => matches(o.spec?.selector?.matchLabels, l))) f({ severity: 'error', rule: 'target-missing', message: 'the selector matches no pods in the set', fix: 'select the app\'s pod labels' });
    if (o.kind === 'ServiceMonitor') {
      const svcs = objects.filter((s) => s.kind === 'Service' && matches(o.spec?.selector?.matchLabels, s.metadata.labels));
      if (svcs.length === 0) f({ severity: 'error', rule: 'servicemonitor-selector', message: 'the selector matches no Service labels in the set', fix: 'label the Service and select those labels' });
      for (const ep of o.spec?.endpoints ?? []) if (svcs.length && ep.port && !svcs.some((s) => (s.spec?.ports ?? []).some((p: any) => p.name === ep.port))) f({ severity: 'error', rule: 'servicemonitor-port', message: `endpoint port ${ep.port} names no Service port`, fix: 'use a named Service port' });
    }
    if (o.kind === 'Secret' && ((o.data && Object.keys(o.data as object).length) || (o.stringData && Object.keys(o.stringData as object).length))) f({ severity: 'warning', rule: 'secret-values', message: 'the Secret carries values in the manifest', fix: 'fill Secrets out of band or from a secret store; keep values out of Git' });
  }
  return findings;
}
