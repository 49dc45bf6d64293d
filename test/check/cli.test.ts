// `kaptain-kube check` as a user runs it: the built CLI on hand-made trees.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { deployment, docs, namespace, policy, service, writeTree } from './trees.js';

const quota = `apiVersion: v1
kind: ResourceQuota
metadata:
  name: quota
  namespace: shop
spec:
  hard: {"pods":"10"}
`;
const closed = [
  policy('deny', 'shop', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  policy('dns', 'shop', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ],
  }),
];
const good = {
  '00-namespace.yaml': docs(namespace('shop'), quota),
  '01-app.yaml': docs(deployment('web', 'shop'), service('web', 'shop')),
  '02-policies.yaml': docs(...closed),
};

describe('kaptain-kube check', () => {
  it('a tree that runs as written: exit 0 and a summary', async () => {
    const r = await runCli(['check', writeTree(good)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('6 objects in 3 files: 0 errors, 0 warnings\n');
    expect(r.code).toBe(0);
  });

  it('errors as FILE:LINE: rule-id: message, exit 1', async () => {
    const dir = writeTree({
      ...good,
      '00-namespace.yaml': docs(quota, namespace('shop')),
      '01-app.yaml': docs(deployment('web', 'shop', { replicas: 0 }), service('web', 'shop')),
    });
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `${join(dir, '00-namespace.yaml')}:1: KK-CHK-APPLY-ORDER: error: ResourceQuota/quota is applied before its Namespace shop (${join(dir, '00-namespace.yaml')}:9); on an empty cluster the API server answers namespaces "shop" not found`,
      `${join(dir, '01-app.yaml')}:1: KK-CHK-ZERO-REPLICAS: error: Deployment/web asks for 0 replicas and no HorizontalPodAutoscaler, ScaledObject or Rollout workloadRef targets it: it runs no pods`,
    ]);
    expect(r.stdout).toContain('2 errors, 0 warnings');
  });

  it('--output json carries findings and the matrix; --explain prints the matrix', async () => {
    const dir = writeTree(good);
    const json = JSON.parse((await runCli(['check', dir, '--output', 'json'])).stdout);
    expect(json).toMatchObject({ files: 3, objects: 6, errors: 0, warnings: 0, findings: [] });
    expect(
      json.matrix.map((m: { kind: string; verdict: string; port: string }) => `${m.kind} ${m.verdict} ${m.port}`),
    ).toEqual(['dns allowed UDP/53', 'dns allowed TCP/53', 'unlisted denied TCP/443', 'unlisted denied TCP/8080']);
    const r = await runCli(['check', dir, '--explain']);
    expect(r.stdout).toContain('Reachability (4 flows):\nverdict  flow      from');
    expect(r.stdout).toMatch(
      /allowed\s+dns\s+Deployment\/web \(shop\)\s+→\s+kube-dns \(kube-system\)\s+UDP\/53\s+name resolution/,
    );
    expect(r.stdout).toMatch(
      /denied\s+unlisted\s+a pod in another namespace\s+→\s+Deployment\/web \(shop\)\s+TCP\/8080/,
    );
  });

  it('--dockerfile: a URL the image sets becomes a dependency the policies must allow', async () => {
    const dir = writeTree(good);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22\nENV REDIS_URL=redis://cache:6379/0\nUSER 1000\n');
    const r = await runCli(['check', dir, '--dockerfile', join(dir, 'Dockerfile')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'KK-CHK-REACH: error: dependency flow Deployment/web (shop) → cache (not in the tree) TCP/6379 (REDIS_URL set by the image (Dockerfile:2)) is denied',
    );
  });

  it('unreadable input: the file and line, exit 2, no stack trace', async () => {
    const dir = writeTree({ 'bad.yaml': 'apiVersion: v1\nkind: [\n' });
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${join(dir, 'bad.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
    expect(r.stderr).not.toContain('    at ');
    const missing = await runCli(['check', join(dir, 'nope')]);
    expect(missing).toMatchObject({ code: 2, stderr: `error: ${join(dir, 'nope')}: no such file or directory\n` });
    const notObject = await runCli(['check', writeTree({ 'x.yaml': 'just: data\n' })]);
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toContain('x.yaml:1:1: not a Kubernetes object');
  });
});
