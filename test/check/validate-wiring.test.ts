// validate_manifests (the last step of every deploy) runs the check's rules: a tree that
// would not apply on an empty cluster is invalid, with the rule, file and line named.
import { describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/manifests/validate.js';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const quota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'quota', namespace: 'shop' },
  spec: { hard: { pods: '10' } },
};

describe('validate_manifests runs the cluster-semantics check', () => {
  it('a ResourceQuota before its Namespace in the same file makes the tree invalid', async () => {
    const r = await validateManifests([{ path: 'k8s-manifests/01-namespace.yaml', objects: [quota, ns] as never }]);
    expect(r.valid).toBe(false);
    expect(r.findings.filter((f) => f.rule.startsWith('KK-CHK-'))).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'KK-CHK-APPLY-ORDER',
        subject: 'ResourceQuota/quota',
        file: 'k8s-manifests/01-namespace.yaml',
        message: expect.stringMatching(/^line 1: ResourceQuota\/quota is applied before its Namespace shop/),
      }),
    ]);
  });

  it('the same objects with the Namespace first are valid', async () => {
    const r = await validateManifests([{ path: 'k8s-manifests/01-namespace.yaml', objects: [ns, quota] as never }]);
    expect(r.findings.filter((f) => f.rule.startsWith('KK-CHK-'))).toEqual([]);
    expect(r.valid).toBe(true);
  });
});
