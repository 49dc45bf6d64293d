// Per-pod rules, in the spirit of kube-score and Polaris: every container is probed,
// sized, and runs under Pod Security "restricted" with a pinned image.
import { containers, list, type Rule, type Workload } from './manifest-set.js';

type Report = (finding: { severity: 'error' | 'warning' | 'info'; rule: string; message: string; fix: string }) => void;

/** The tag of an image reference; "digest" for a pinned digest, undefined when there is none. */
function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? undefined : last.slice(colon + 1) || undefined;
}

function checkContainer(c: any, pod: any, init: boolean, report: Report): void {
  const who = `${init ? 'init container' : 'container'} ${c?.name ?? '?'}`;
  const sc = c?.securityContext ?? {};
  const podSc = pod.securityContext ?? {};
  const serves = list(c?.ports).length > 0;
  // Init containers run to completion before the pod is ready; probes do not apply to them.
  if (!init && serves && !c.readinessProbe)
    report({
      severity: 'warning',
      rule: 'probes-missing',
      message: `${who} serves ports but has no readinessProbe`,
      fix: 'add a readinessProbe (httpGet, grpc or tcpSocket) so traffic waits for the app',
    });
  if (!init && serves && !c.livenessProbe)
    report({
      severity: 'warning',
      rule: 'probes-missing',
      message: `${who} serves ports but has no livenessProbe`,
      fix: 'add a livenessProbe so a hung process is restarted',
    });
  const res = c?.resources ?? {};
  if (!res.requests?.cpu || !res.requests?.memory)
    report({
      severity: 'error',
      rule: 'resources-requests',
      message: `${who} has no CPU and memory requests`,
      fix: 'set resources.requests.cpu and resources.requests.memory',
    });
  if (!res.limits?.memory)
    report({
      severity: 'warning',
      rule: 'resources-limits',
      message: `${who} has no memory limit`,
      fix: 'set resources.limits.memory',
    });
  const runAsUser = sc.runAsUser ?? podSc.runAsUser;
  if (runAsUser === 0)
    report({
      severity: 'error',
      rule: 'run-as-non-root',
      message: `${who} runs as user 0 (root)`,
      fix: 'run as a non-zero UID and set runAsNonRoot: true',
    });
  else if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true)
    report({
      severity: 'error',
      rule: 'run-as-non-root',
      message: `${who} may run as root`,
      fix: 'set securityContext.runAsNonRoot: true',
    });
  if (sc.readOnlyRootFilesystem !== true)
    report({
      severity: 'warning',
      rule: 'read-only-root-fs',
      message: `${who} has a writable root filesystem`,
      fix: 'set readOnlyRootFilesystem: true and mount an emptyDir where the app writes',
    });
  if (sc.allowPrivilegeEscalation !== false)
    report({
      severity: 'error',
      rule: 'privilege-escalation',
      message: `${who} allows privilege escalation`,
      fix: 'set securityContext.allowPrivilegeEscalation: false',
    });
  if (sc.privileged === true)
    report({ severity: 'error', rule: 'privileged', message: `${who} is privileged`, fix: 'remove privileged: true' });
  if (!list<string>(sc.capabilities?.drop).includes('ALL'))
    report({
      severity: 'warning',
      rule: 'capabilities-drop',
      message: `${who} keeps the default Linux capabilities`,
      fix: 'set securityContext.capabilities.drop: [ALL]',
    });
  const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    report({
      severity: 'warning',
      rule: 'seccomp-profile',
      message: `${who} runs without a seccomp profile`,
      fix: 'set seccompProfile.type: RuntimeDefault',
    });
  const image = typeof c?.image === 'string' ? c.image : '';
  const tag = imageTag(image);
  if (!tag || tag === 'latest')
    report({
      severity: 'warning',
      rule: 'image-tag',
      message: `${who} uses ${image || 'no image'} without a fixed tag`,
      fix: 'pin a version tag or a digest',
    });
}

function checkPod(w: Workload, report: Report): void {
  const pod = w.template.spec ?? {};
  for (const c of list(pod.initContainers)) checkContainer(c, pod, true, report);
  for (const c of containers(w)) checkContainer(c, pod, false, report);
  if (pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true)
    report({
      severity: 'error',
      rule: 'host-namespaces',
      message: 'the pod shares host namespaces',
      fix: 'remove hostNetwork, hostPID and hostIPC',
    });
  if (list(pod.volumes).some((v) => v?.hostPath))
    report({
      severity: 'error',
      rule: 'host-path',
      message: 'the pod mounts a hostPath volume',
      fix: 'use an emptyDir, a ConfigMap or a PersistentVolumeClaim',
    });
}

export const podHardening: Rule = (set, emit) => {
  for (const w of set.workloads) if (!w.borrowed) checkPod(w, (f) => emit(w.entry, f));
};
