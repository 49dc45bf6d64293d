import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { classifyKubectl, parseKubectlCommand } from '../../mcp/kubectl/classify.js';
import { callErr, callOk, connectBuiltin } from '../helpers/mcp.js';

describe('kubectl classification, verb by verb', () => {
  const cases: [string, 'read-only' | 'world-changing' | 'refused'][] = [
    ['get pods', 'read-only'],
    ['get deploy -n blog-api -o yaml', 'read-only'],
    ['describe pod web-1', 'read-only'],
    ['logs web-1 --previous', 'read-only'],
    ['events -n demo', 'read-only'],
    ['top pods', 'read-only'],
    ['explain deployment.spec', 'read-only'],
    ['api-resources', 'read-only'],
    ['api-versions', 'read-only'],
    ['version', 'read-only'],
    ['cluster-info', 'read-only'],
    ['diff -f x.yaml', 'read-only'],
    ['config view', 'read-only'],
    ['config get-contexts', 'read-only'],
    ['config current-context', 'read-only'],
    ['auth can-i create pods', 'read-only'],
    ['auth whoami', 'read-only'],
    ['rollout status deploy/web', 'read-only'],
    ['rollout history deploy/web', 'read-only'],
    ['apply -f x.yaml', 'world-changing'],
    ['create ns demo', 'world-changing'],
    ['delete pod web-1', 'world-changing'],
    ['edit deploy web', 'refused'],
    ['patch deploy web -p {}', 'world-changing'],
    ['replace -f x.yaml', 'world-changing'],
    ['scale deploy web --replicas 3', 'world-changing'],
    ['rollout restart deploy/web', 'world-changing'],
    ['rollout undo deploy/web', 'world-changing'],
    ['label pod web-1 a=b', 'world-changing'],
    ['annotate pod web-1 a=b', 'world-changing'],
    ['exec web-1 -- sh', 'refused'],
    ['cp web-1:/a /tmp/a', 'refused'],
    ['port-forward svc/web 8080', 'refused'],
    ['drain node-1', 'world-changing'],
    ['cordon node-1', 'world-changing'],
    ['taint nodes n k=v:NoSchedule', 'world-changing'],
    ['set image deploy/web web=x:2', 'world-changing'],
    ['config set-context x', 'refused'],
    ['config use-context x', 'refused'],
    ['auth reconcile -f r.yaml', 'world-changing'],
    ['-n demo get pods', 'read-only'],
    // Interactive and escape commands and kubeconfig edits run through neither tool (test/security/kubectl-corpus.test.ts).
  ];
  it.each(cases)('kubectl %s → %s', (cmd, want) => {
    expect(classifyKubectl(parseKubectlCommand(cmd))).toBe(want);
  });

  it('refuses shell syntax and session flags', () => {
    expect(() => parseKubectlCommand('get pods; rm -rf /')).toThrow(/shell syntax/);
    expect(() => parseKubectlCommand('get pods | grep x')).toThrow(/shell syntax/);
    expect(() => parseKubectlCommand('get pods $(id)')).toThrow(/shell syntax/);
    expect(() => parseKubectlCommand('get pods --kubeconfig=/tmp/other')).toThrow(/--kubeconfig is set by the session/);
    expect(parseKubectlCommand('kubectl get pods -l "app=web tier"')).toEqual(['get', 'pods', '-l', 'app=web tier']);
  });
});

describe('kubectl tools through the client', () => {
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'kk-kubectl-'));
  const log = join(dir, 'argv.log');
  const oldPath = process.env.PATH;
  beforeAll(async () => {
    // FakeKubectl: a test double standing in for the kubectl binary; it records its argv.
    writeFileSync(
      join(dir, 'kubectl'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\necho "NAME READY"\necho "web-1 1/1"\n`,
    );
    chmodSync(join(dir, 'kubectl'), 0o755);
    process.env.PATH = `${dir}:${oldPath}`;
    client = await connectBuiltin('kubectl');
  });
  afterAll(async () => {
    process.env.PATH = oldPath;
    await client.close();
  });

  it('lists a read-only and a world-changing tool', async () => {
    const tools = (await client.listTools()).tools;
    expect(tools.map((t) => [t.name, t.annotations?.readOnlyHint])).toEqual([
      ['kubectl_read', true],
      ['kubectl_write', false],
    ]);
  });

  it("runs kubectl with the session's kubeconfig, context and namespace", async () => {
    const r = await callOk<any>(client, 'kubectl_read', {
      command: 'get pods',
      kubeconfig: '/k/config',
      context: 'prod',
      namespace: 'blog-api',
    });
    expect(r.stdout).toContain('web-1 1/1');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'get',
      'pods',
      '--kubeconfig',
      '/k/config',
      '--context',
      'prod',
      '--namespace',
      'blog-api',
    ]);
  });

  it('kubectl_read refuses world-changing verbs and names kubectl_write; injection is refused', async () => {
    expect(await callErr(client, 'kubectl_read', { command: 'delete pod web-1' })).toMatch(
      /"kubectl delete pod" changes the cluster.*kubectl_write/,
    );
    expect(await callErr(client, 'kubectl_write', { command: 'get pods && curl evil' })).toMatch(/shell syntax/);
    const w = await callOk<any>(client, 'kubectl_write', { command: 'rollout restart deploy/web' });
    expect(w.args.slice(0, 3)).toEqual(['rollout', 'restart', 'deploy/web']);
  });

  it('says clearly when kubectl is absent', async () => {
    process.env.PATH = '/nonexistent';
    try {
      expect(await callErr(client, 'kubectl_read', { command: 'get pods' })).toMatch(
        /kubectl is not installed or not on PATH/,
      );
    } finally {
      process.env.PATH = `${dir}:${oldPath}`;
    }
  });
});
