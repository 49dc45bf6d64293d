// Admission: each pod (workloads, CI task pods, mesh-injected containers) against the
// Pod Security level its namespace enforces.
import { describe, expect, it } from 'vitest';
import { check, deployment, docs, goodContainer, namespace } from './trees.js';

const ADMISSION = ['KK-CHK-ADMISSION'];
const restricted = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const baseline = { 'pod-security.kubernetes.io/enforce': 'baseline' };

const task = (steps: string) => `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: build
  namespace: app
spec:
  steps: ${steps}
`;

describe('KK-CHK-ADMISSION', () => {
  it("a root CI step in a restricted namespace is rejected, at the Task's file and line", () => {
    const step =
      '[{"name":"kaniko","image":"gcr.io/kaniko-project/executor:v1.23.2","securityContext":{"runAsUser":0}}]';
    const r = check(
      {
        '00-ns.yaml': namespace('app', restricted),
        'ci/tasks.yaml': docs(task('[]').replace('name: build', 'name: lint'), task(step)),
      },
      {},
      ADMISSION,
    );
    expect(r.at).toEqual(['ci/tasks.yaml:9 KK-CHK-ADMISSION']);
    expect(r.findings[0].message).toContain('Pod Security "restricted" in namespace app');
    expect(r.findings[0].message).toContain('container kaniko: runAsUser is 0');
    expect(r.findings[0].message).toContain('container kaniko: allowPrivilegeEscalation is not false');
  });

  it('the same step run as non-root with the restricted context passes', () => {
    const r = check(
      { '00-ns.yaml': namespace('app', restricted), 'ci/tasks.yaml': task(`[${goodContainer('build')}]`) },
      {},
      ADMISSION,
    );
    expect(r.findings).toEqual([]);
  });

  it('inline Pipeline task pods and stepTemplate are read too', () => {
    const pipeline = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: ci
  namespace: app
spec:
  tasks: [{"name":"test","taskSpec":{"stepTemplate":{"securityContext":{"privileged":true}},"steps":[{"name":"npm","image":"node:22"}]}}]
`;
    const r = check({ '00-ns.yaml': namespace('app', baseline), 'p.yaml': pipeline }, {}, ADMISSION);
    expect(r.at).toEqual(['p.yaml:1 KK-CHK-ADMISSION']);
    expect(r.findings[0].message).toMatch(/Pipeline\/ci task test .*container npm: privileged/);
  });

  it('Istio sidecar injection under restricted with no CNI or ambient marker: istio-init needs NET_ADMIN and NET_RAW', () => {
    const r = check(
      {
        '00-ns.yaml': namespace('app', { ...restricted, 'istio-injection': 'enabled' }),
        '01-dep.yaml': deployment('web', 'app'),
      },
      {},
      ADMISSION,
    );
    expect(r.at).toEqual(['01-dep.yaml:1 KK-CHK-ADMISSION']);
    expect(r.findings[0].message).toContain(
      'injected container istio-init: adds capabilities beyond NET_BIND_SERVICE (NET_ADMIN, NET_RAW)',
    );
    expect(r.findings[0].message).toContain('no CNI or ambient mode is declared');
    // istio.io/rev injects as well.
    expect(
      check(
        {
          '00-ns.yaml': namespace('app', { ...restricted, 'istio.io/rev': 'stable' }),
          '01-dep.yaml': deployment('web', 'app'),
        },
        {},
        ADMISSION,
      ).at,
    ).toEqual(['01-dep.yaml:1 KK-CHK-ADMISSION']);
    // Under baseline too: NET_ADMIN is not in the baseline list.
    expect(
      check(
        {
          '00-ns.yaml': namespace('app', { ...baseline, 'istio-injection': 'enabled' }),
          '01-dep.yaml': deployment('web', 'app'),
        },
        {},
        ADMISSION,
      ).findings[0].message,
    ).toContain('adds capabilities NET_ADMIN, NET_RAW');
  });

  it('the mesh mode declared as Istio CNI or ambient, or a pod that opts out, is admitted', () => {
    // Injected containers set no seccomp profile: the pod must.
    const podSeccomp = (d: string) =>
      d.replace(
        '    spec:\n      containers',
        '    spec:\n      securityContext: {"seccompProfile":{"type":"RuntimeDefault"}}\n      containers',
      );
    const dep = podSeccomp(deployment('web', 'app'));
    const inj = { ...restricted, 'istio-injection': 'enabled' };
    const cni = namespace('app', inj, { 'kaptainkube.dev/mesh-mode': 'sidecar-cni' });
    expect(
      check({ '00-ns.yaml': cni, '01-dep.yaml': deployment('web', 'app') }, {}, ADMISSION).findings[0].message,
    ).toContain('injected container istio-proxy: seccompProfile is not RuntimeDefault');
    expect(check({ '00-ns.yaml': cni, '01-dep.yaml': dep }, {}, ADMISSION).findings).toEqual([]);
    expect(
      check(
        { '00-ns.yaml': namespace('app', { ...restricted, 'istio.io/dataplane-mode': 'ambient' }), '01-dep.yaml': dep },
        {},
        ADMISSION,
      ).findings,
    ).toEqual([]);
    expect(
      check(
        {
          '00-ns.yaml': namespace('app', inj),
          '01-dep.yaml': podSeccomp(deployment('web', 'app', { labels: { 'sidecar.istio.io/inject': 'false' } })),
        },
        {},
        ADMISSION,
      ).findings,
    ).toEqual([]);
  });

  it('baseline controls: host namespaces, hostPath, hostPort, privileged, capabilities, procMount, sysctls, seccomp, AppArmor, SELinux', () => {
    const bad = `apiVersion: v1
kind: Pod
metadata:
  name: tool
  namespace: app
  annotations: {"container.apparmor.security.beta.kubernetes.io/c":"unconfined"}
spec:
  hostNetwork: true
  securityContext: {"sysctls":[{"name":"kernel.msgmax","value":"1"},{"name":"net.ipv4.tcp_syncookies","value":"1"}],"seLinuxOptions":{"type":"spc_t"}}
  volumes: [{"name":"root","hostPath":{"path":"/"}}]
  containers: [{"name":"c","image":"x:1","ports":[{"containerPort":80,"hostPort":80}],"securityContext":{"privileged":true,"procMount":"Unmasked","seccompProfile":{"type":"Unconfined"},"capabilities":{"add":["SYS_ADMIN","CHOWN"]}}}]
`;
    const r = check({ '00-ns.yaml': namespace('app', baseline), 'pod.yaml': bad }, {}, ADMISSION);
    const msg = r.findings[0].message;
    for (const want of [
      'hostNetwork is true',
      'volume root is a hostPath',
      'uses hostPort 80',
      'container c: privileged',
      'adds capabilities SYS_ADMIN',
      'procMount Unmasked',
      'sysctl kernel.msgmax',
      'seccompProfile is Unconfined',
      'AppArmor profile unconfined',
      'pod SELinux type spc_t',
    ])
      expect(msg).toContain(want);
    expect(msg).not.toContain('CHOWN');
    expect(msg).not.toContain('tcp_syncookies');
    // Baseline does not ask for non-root or a seccomp profile.
    const plain = check(
      {
        '00-ns.yaml': namespace('app', baseline),
        '01-dep.yaml': deployment('web', 'app', { containers: '{"name":"web","image":"nginx:1"}' }),
      },
      {},
      ADMISSION,
    );
    expect(plain.findings).toEqual([]);
  });

  it('restricted controls: volume types, runAsNonRoot from the pod or the container, seccomp, drop ALL, only NET_BIND_SERVICE', () => {
    const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: app
spec: ${spec}
`;
    const sc = '"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]}';
    const ok = pod(
      `{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"volumes":[{"name":"tmp","emptyDir":{}}],"containers":[{"name":"c","image":"x:1","securityContext":{${sc}}}]}`,
    );
    expect(check({ '00-ns.yaml': namespace('app', restricted), 'p.yaml': ok }, {}, ADMISSION).findings).toEqual([]);
    const bad = pod(
      `{"securityContext":{"runAsNonRoot":true},"volumes":[{"name":"data","nfs":{"server":"n","path":"/"}}],"containers":[{"name":"c","image":"x:1","securityContext":{"runAsNonRoot":false,"allowPrivilegeEscalation":false,"capabilities":{"add":["NET_RAW"]}}}]}`,
    );
    const msg = check({ '00-ns.yaml': namespace('app', restricted), 'p.yaml': bad }, {}, ADMISSION).findings[0].message;
    for (const want of [
      'volume data has type nfs',
      'runAsNonRoot is not true',
      'seccompProfile is not RuntimeDefault or Localhost',
      'does not drop ALL capabilities',
    ])
      expect(msg).toContain(want);
  });

  it('namespaces without an enforce label, or outside the tree, are not judged', () => {
    const root = deployment('web', 'app', {
      containers: '{"name":"web","image":"x:1","securityContext":{"privileged":true}}',
    });
    expect(check({ '00-ns.yaml': namespace('app'), '01-dep.yaml': root }, {}, ADMISSION).findings).toEqual([]);
    expect(check({ '01-dep.yaml': root }, {}, ADMISSION).findings).toEqual([]);
  });
});
