// Admission: each pod against the Pod Security Standard its namespace enforces
// (`pod-security.kubernetes.io/enforce`), the way the PodSecurity admission plugin
// evaluates it: after mutating webhooks, so mesh-injected containers count too.
// Namespaces outside the tree, or without the label, are not judged here.
import { list, type ManifestSet } from '../readiness/manifest-set.js';
import { allContainers, meshMode, namespaceEntry, podUnits, type PodUnit } from './pods.js';
import type { Report } from './types.js';

type Level = 'privileged' | 'baseline' | 'restricted';

const BASELINE_CAPS = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The level the namespace enforces; privileged when it says nothing or says something unknown. */
function enforcedLevel(labels: Record<string, string> | undefined): Level {
  const v = labels?.['pod-security.kubernetes.io/enforce'];
  return v === 'baseline' || v === 'restricted' ? v : 'privileged';
}

const cap = (c: string) => String(c).toUpperCase().replace(/^CAP_/, '');

/** Violations of the level, each naming the control and the container, in the PodSecurity plugin's spirit. */
function violations(u: PodUnit, level: Level): string[] {
  if (level === 'privileged') return [];
  const out: string[] = [];
  const spec = u.spec ?? {};
  const psc = spec.securityContext ?? {};
  const injectedNames = new Set(u.injected.map((i) => i.container));
  const all = allContainers(u);
  const who = (c: any) => `${injectedNames.has(c) ? 'injected ' : ''}container ${c?.name ?? '?'}`;
  const each = (test: (c: any, sc: any) => string | undefined) => {
    for (const { container } of all) {
      const why = test(container, container?.securityContext ?? {});
      if (why) out.push(`${who(container)}: ${why}`);
    }
  };
  // Baseline.
  if (psc.windowsOptions?.hostProcess === true) out.push('hostProcess is set on the pod');
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) out.push(`${f} is true`);
  each((c, sc) => (sc.windowsOptions?.hostProcess === true ? 'hostProcess is set' : undefined));
  each((_c, sc) => (sc.privileged === true ? 'privileged' : undefined));
  // Under restricted the stricter capability control below reports added capabilities.
  each((_c, sc) => {
    if (level === 'restricted') return undefined;
    const bad = list<string>(sc.capabilities?.add).filter((c) => !BASELINE_CAPS.has(cap(c)));
    return bad.length ? `adds capabilities ${bad.join(', ')}` : undefined;
  });
  for (const v of list(spec.volumes)) if (v?.hostPath) out.push(`volume ${v.name ?? '?'} is a hostPath`);
  each((c) => {
    const ports = list(c?.ports).filter((p) => p?.hostPort);
    return ports.length ? `uses hostPort ${ports.map((p) => p.hostPort).join(', ')}` : undefined;
  });
  for (const [k, v] of Object.entries(u.annotations)) {
    if (
      k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      v !== 'runtime/default' &&
      !String(v).startsWith('localhost/')
    )
      out.push(`AppArmor profile ${v} (${k})`);
  }
  const apparmor = (sc: any) =>
    sc.appArmorProfile?.type && !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)
      ? `AppArmor profile type ${sc.appArmorProfile.type}`
      : undefined;
  const selinux = (sc: any) => {
    const o = sc.seLinuxOptions ?? {};
    if (o.type !== undefined && !SELINUX_TYPES.has(o.type)) return `SELinux type ${o.type}`;
    if (o.user || o.role) return 'sets SELinux user or role';
    return undefined;
  };
  for (const why of [apparmor(psc), selinux(psc)]) if (why) out.push(`pod ${why}`);
  each((_c, sc) => apparmor(sc) ?? selinux(sc));
  each((_c, sc) =>
    sc.procMount !== undefined && sc.procMount !== 'Default' ? `procMount ${sc.procMount}` : undefined,
  );
  if (psc.seccompProfile?.type === 'Unconfined') out.push('pod seccompProfile is Unconfined');
  each((_c, sc) => (sc.seccompProfile?.type === 'Unconfined' ? 'seccompProfile is Unconfined' : undefined));
  for (const s of list(psc.sysctls))
    if (!SAFE_SYSCTLS.has(s?.name)) out.push(`sysctl ${s?.name} is not in the safe set`);
  if (level === 'baseline') return out;
  // Restricted.
  for (const v of list(spec.volumes)) {
    const type = Object.keys(v ?? {}).find((k) => k !== 'name');
    if (type && type !== 'hostPath' && !RESTRICTED_VOLUMES.has(type))
      out.push(`volume ${v.name ?? '?'} has type ${type}`);
  }
  each((_c, sc) => (sc.allowPrivilegeEscalation !== false ? 'allowPrivilegeEscalation is not false' : undefined));
  if (psc.runAsUser === 0) out.push('pod runAsUser is 0');
  each((_c, sc) => {
    if (sc.runAsUser === 0) return 'runAsUser is 0';
    return (sc.runAsNonRoot ?? psc.runAsNonRoot) !== true
      ? 'runAsNonRoot is not true (on the container or the pod)'
      : undefined;
  });
  each((_c, sc) => {
    const type = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    return type !== 'RuntimeDefault' && type !== 'Localhost'
      ? 'seccompProfile is not RuntimeDefault or Localhost (on the container or the pod)'
      : undefined;
  });
  each((_c, sc) => {
    const drops = list<string>(sc.capabilities?.drop).map(cap);
    const adds = list<string>(sc.capabilities?.add)
      .map(cap)
      .filter((c) => c !== 'NET_BIND_SERVICE');
    if (!drops.includes('ALL')) return 'does not drop ALL capabilities';
    return adds.length ? `adds capabilities beyond NET_BIND_SERVICE (${adds.join(', ')})` : undefined;
  });
  return [...new Set(out)];
}

export function admission(set: ManifestSet, report: Report): void {
  for (const u of podUnits(set)) {
    const nsEntry = namespaceEntry(set, u.namespace);
    const level = enforcedLevel(nsEntry?.obj.metadata.labels);
    const bad = violations(u, level);
    if (bad.length === 0) continue;
    const mode = meshMode(nsEntry, u);
    const mesh =
      mode === 'sidecar' && bad.some((b) => b.startsWith('injected'))
        ? `; Istio sidecar injection is on in namespace ${u.namespace} and no CNI or ambient mode is declared (annotation kaptainkube.dev/mesh-mode)`
        : '';
    report(
      u.at,
      'error',
      'KK-CHK-ADMISSION',
      `pods of ${u.name} are rejected by Pod Security "${level}" in namespace ${u.namespace}: ${bad.join('; ')}${mesh}`,
    );
  }
}
