// Configuration checks over a manifest set, shared by scan_vulnerabilities and
// compliance_check. Each check names the entry of the vulnerability knowledge base.
import type { Finding, ManifestObject } from '../../src/manifests/result.js';

type Any = Record<string, any>;

function podSpecs(objects: ManifestObject[]): { subject: string; spec: Any }[] {
  return objects.flatMap((o) => {
    const s = (o as Any).spec;
    const spec = s?.template?.spec ?? s?.jobTemplate?.spec?.template?.spec ?? (o.kind === 'Pod' ? s : undefined);
    return spec ? [{ subject: `${o.kind}/${o.metadata.name}`, spec }] : [];
  });
}

const SECRETISH = /(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)/i;

export function scanObjects(objects: ManifestObject[]): Finding[] {
  const out: Finding[] = [];
  const add = (rule: string, severity: Finding['severity'], subject: string, message: string, fix: string) =>
    out.push({ rule, severity, subject, message, fix });
  for (const { subject, spec } of podSpecs(objects)) {
    if (spec.hostNetwork || spec.hostPID || spec.hostIPC || (spec.volumes ?? []).some((v: Any) => v.hostPath))
      add('KK-SEC-005', 'error', subject, 'uses host namespaces or hostPath', 'remove them');
    if (spec.automountServiceAccountToken !== false)
      add(
        'KK-SEC-012',
        'warning',
        subject,
        'mounts a service account token',
        'set automountServiceAccountToken: false',
      );
    for (const c of spec.containers ?? []) {
      const sc = c.securityContext ?? {};
      const who = `${subject} container ${c.name}`;
      if (sc.privileged) add('KK-SEC-001', 'error', who, 'is privileged', 'remove privileged: true');
      if (!(sc.runAsNonRoot ?? spec.securityContext?.runAsNonRoot))
        add('KK-SEC-002', 'error', who, 'may run as root', 'runAsNonRoot: true');
      if (sc.allowPrivilegeEscalation !== false)
        add('KK-SEC-003', 'error', who, 'allows privilege escalation', 'allowPrivilegeEscalation: false');
      if (sc.capabilities?.add?.length)
        add(
          'KK-SEC-004',
          'warning',
          who,
          `adds capabilities ${sc.capabilities.add.join(', ')}`,
          'drop ALL, add back only what is needed',
        );
      if (sc.readOnlyRootFilesystem !== true)
        add('KK-SEC-011', 'warning', who, 'has a writable root filesystem', 'readOnlyRootFilesystem: true');
      if (!c.resources?.limits?.memory)
        add('KK-SEC-008', 'warning', who, 'has no memory limit', 'set resources.limits.memory');
      const image: string = c.image ?? '';
      const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
      if (!tag || tag === 'latest')
        add('KK-SEC-007', 'warning', who, `image ${image} is not pinned`, 'pin a tag or digest');
      for (const e of c.env ?? [])
        if (SECRETISH.test(e.name) && typeof e.value === 'string' && e.value)
          add('KK-SEC-006', 'error', who, `env ${e.name} holds a literal secret`, 'use valueFrom.secretKeyRef');
    }
  }
  for (const o of objects as Any[]) {
    if (o.kind === 'Secret' && (Object.keys(o.data ?? {}).length || Object.keys(o.stringData ?? {}).length))
      add(
        'KK-SEC-006',
        'error',
        `Secret/${o.metadata.name}`,
        'carries secret values in the manifest',
        'fill Secrets out of band',
      );
    if (
      (o.kind === 'Role' || o.kind === 'ClusterRole') &&
      (o.rules ?? []).some((r: Any) =>
        [...(r.verbs ?? []), ...(r.resources ?? []), ...(r.apiGroups ?? [])].includes('*'),
      )
    )
      add(
        'KK-SEC-009',
        'error',
        `${o.kind}/${o.metadata.name}`,
        'grants wildcard permissions',
        'list exact verbs and resources',
      );
  }
  const pods = podSpecs(objects);
  const denyAll = (objects as Any[]).some(
    (o) => o.kind === 'NetworkPolicy' && !o.spec?.ingress?.length && (o.spec?.policyTypes ?? []).includes('Ingress'),
  );
  if (pods.length && !denyAll)
    add(
      'KK-SEC-010',
      'error',
      'namespace',
      'no default-deny NetworkPolicy',
      'add a default-deny policy with explicit allows',
    );
  return out;
}

export interface ControlResult {
  control: string;
  title: string;
  status: 'pass' | 'fail' | 'manual';
  evidence: string;
}

/** Which scan rules a control depends on; a control passes when none of them fired. */
const CONTROL_RULES: Record<string, string[]> = {
  'CIS-5.2.2': ['KK-SEC-001'],
  'CIS-5.2.5': ['KK-SEC-003'],
  'CIS-5.2.6': ['KK-SEC-002'],
  'CIS-5.3.2': ['KK-SEC-010'],
  'CIS-5.7.3': ['KK-SEC-011', 'KK-SEC-002'],
  'PCI-1.3.1': ['KK-SEC-010'],
  'PCI-1.3.2': ['KK-SEC-010'],
  'PCI-2.2.1': ['KK-SEC-001', 'KK-SEC-003', 'KK-SEC-011'],
  'PCI-2.2.5': ['KK-SEC-004', 'KK-SEC-005', 'KK-SEC-012'],
  'PCI-6.3.3': ['KK-SEC-007'],
  'PCI-7.2.1': ['KK-SEC-009', 'KK-SEC-012'],
  'PCI-8.6.2': ['KK-SEC-006'],
  'HIPAA-164.312(a)(1)': ['KK-SEC-009', 'KK-SEC-010', 'KK-SEC-012'],
  'HIPAA-164.312(c)(1)': ['KK-SEC-011', 'KK-SEC-007'],
  'HIPAA-164.312(d)': ['KK-SEC-006'],
};

export function evaluateControls(
  objects: ManifestObject[],
  controls: string[],
  titles: Record<string, string>,
): ControlResult[] {
  const findings = scanObjects(objects);
  const any = objects as Any[];
  const mtlsStrict = any.some((o) => o.kind === 'PeerAuthentication' && o.spec?.mtls?.mode === 'STRICT');
  const logging = any.some(
    (o) => /log/i.test(o.metadata?.name ?? '') && (o.kind === 'ConfigMap' || o.kind === 'Flow' || o.kind === 'Output'),
  );
  const fipsNodes = podSpecs(objects).every(({ spec }) => spec.nodeSelector?.['kaptainkube.dev/fips'] === 'true');
  return controls.map((control) => {
    const title = titles[control] ?? control;
    const rules = CONTROL_RULES[control];
    if (rules) {
      const hits = findings.filter((f) => rules.includes(f.rule));
      return {
        control,
        title,
        status: hits.length ? 'fail' : 'pass',
        evidence: hits.length
          ? hits.map((h) => `${h.rule} ${h.subject}: ${h.message}`).join('; ')
          : `no ${rules.join('/')} findings`,
      };
    }
    if (control === 'PCI-4.2.1' || control === 'HIPAA-164.312(e)(1)' || control === 'FIPS-140-3-tls-in-transit')
      return {
        control,
        title,
        status: mtlsStrict ? 'pass' : 'fail',
        evidence: mtlsStrict
          ? 'PeerAuthentication mode STRICT'
          : 'no STRICT PeerAuthentication: traffic between pods may be plaintext',
      };
    if (control === 'PCI-10.2.1' || control === 'HIPAA-164.312(b)' || control === 'PCI-10.5.1')
      return {
        control,
        title,
        status: logging ? 'pass' : 'fail',
        evidence: logging ? 'log aggregation configured' : 'no log aggregation in the set',
      };
    if (control === 'FIPS-140-3-crypto-module')
      return {
        control,
        title,
        status: fipsNodes ? 'pass' : 'fail',
        evidence: fipsNodes ? 'pods select FIPS nodes' : 'pods do not select nodes labelled kaptainkube.dev/fips=true',
      };
    return { control, title, status: 'manual', evidence: 'needs evidence outside the manifests' };
  });
}
