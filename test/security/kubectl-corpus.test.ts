// A kubectl tool that cannot be talked around: every command line of the corpus gets
// its verdict from the classifier and the same verdict from the MCP tools; refused
// commands never start kubectl, accepted ones start it with the session's kubeconfig
// and context only; Secret values and tokens never leave the tool.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { judgeCommand } from '../../mcp/kubectl/classify.js';
import { connectBuiltin } from '../helpers/mcp.js';
import { CORPUS, SESSION } from './kubectl-corpus.js';

const TARGET_FLAGS =
  /^(-s|--server|--kubeconfig|--token|--as|--user|--cluster|--insecure-skip-tls-verify|--client-key|--client-certificate|--certificate-authority|--tls-server-name|--username|--password)(=|$)/;

describe('kubectl corpus: the classifier', () => {
  it('holds at least 50 command lines', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CORPUS.map((c) => c.command)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((c) => [c.command, c.verdict, c.why] as const))('kubectl %s → %s', (command, verdict, why) => {
    const v = judgeCommand(command, { context: SESSION.context });
    expect({ verdict: v.verdict, reason: v.reason }).toEqual({ verdict, reason: expect.stringMatching(why) });
  });
});

describe('kubectl corpus: the MCP tools', () => {
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'kk-fake-kubectl-'));
  const argvLog = join(dir, 'argv.log');
  const stdoutFile = join(dir, 'stdout.txt');
  const oldPath = process.env.PATH;
  beforeAll(async () => {
    // fakeKubectl: stands in for the kubectl binary. It records its argv (one per line)
    // and prints whatever the test put in stdout.txt, plus a line on stderr.
    writeFileSync(
      join(dir, 'kubectl'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvLog}'\n[ -f '${dir}/hang' ] && exec sleep 30\ncat '${stdoutFile}' 2>/dev/null\n[ -f '${dir}/stderr.txt' ] && cat '${dir}/stderr.txt' >&2\nexit 0\n`,
    );
    chmodSync(join(dir, 'kubectl'), 0o755);
    process.env.PATH = `${dir}:${oldPath}`;
    client = await connectBuiltin('kubectl');
  });
  afterAll(async () => {
    process.env.PATH = oldPath;
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    rmSync(argvLog, { force: true });
    writeFileSync(stdoutFile, 'NAME READY\nweb-1 1/1\n');
    rmSync(join(dir, 'stderr.txt'), { force: true });
    rmSync(join(dir, 'hang'), { force: true });
  });

  const call = async (tool: string, command: string) =>
    (await client.callTool({ name: tool, arguments: { command, ...SESSION } })) as CallToolResult;
  const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  const spawnedWith = () =>
    existsSync(argvLog) ? readFileSync(argvLog, 'utf8').replace(/\n$/, '').split('\n') : undefined;

  /** The argv kubectl got: the session's kubeconfig and context, exactly once each, and no other target. */
  function expectSessionArgv(argv: string[] | undefined) {
    expect(argv).toBeDefined();
    const own = argv!.slice(0, argv!.includes('--') ? argv!.indexOf('--') : undefined);
    expect(own.filter((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='))).toEqual(['--kubeconfig']);
    expect(own[own.indexOf('--kubeconfig') + 1]).toBe('/k/config');
    expect(own.filter((a) => a === '--context' || a.startsWith('--context='))).toEqual(['--context']);
    expect(own[own.indexOf('--context') + 1]).toBe('dev');
    expect(own.filter((a) => TARGET_FLAGS.test(a) && a !== '--kubeconfig')).toEqual([]);
  }

  it.each(CORPUS.map((c) => [c.command, c.verdict, c.why] as const))(
    'kubectl %s → %s',
    async (command, verdict, why) => {
      const r = await call('kubectl_read', command);
      if (verdict === 'read') {
        expect(r.isError, text(r)).toBeFalsy();
        expectSessionArgv(spawnedWith());
        return;
      }
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(verdict === 'write' ? /kubectl_read only reads\. Use kubectl_write/ : why);
      expect(spawnedWith(), 'kubectl was started').toBeUndefined();
      const w = await call('kubectl_write', command);
      if (verdict === 'write') {
        expect(w.isError, text(w)).toBeFalsy();
        expectSessionArgv(spawnedWith());
      } else {
        expect(w.isError).toBe(true);
        expect(text(w)).toMatch(why);
        expect(spawnedWith(), 'kubectl was started').toBeUndefined();
      }
    },
  );

  it("finds the verb behind a global flag's value: --cache-dir get delete … is a delete", async () => {
    expect(text(await call('kubectl_read', '--cache-dir get delete namespace prod'))).toMatch(
      /"kubectl delete namespace" changes the cluster/,
    );
    expect(spawnedWith()).toBeUndefined();
  });

  it("a --context equal to the session's is passed once; rollout status reports once instead of waiting", async () => {
    await call('kubectl_read', '--context dev get pods');
    expect(spawnedWith()).toEqual(['get', 'pods', '--kubeconfig', '/k/config', '--context', 'dev']);
    await call('kubectl_read', 'rollout status deploy/web');
    expect(spawnedWith()).toEqual([
      'rollout',
      'status',
      'deploy/web',
      '--watch=false',
      '--kubeconfig',
      '/k/config',
      '--context',
      'dev',
    ]);
  });

  it("a namespace in the command wins over the session's, however it is spelled", async () => {
    await client.callTool({
      name: 'kubectl_read',
      arguments: { command: '-nprod get pods', ...SESSION, namespace: 'blog-api' },
    });
    expect(spawnedWith()).toEqual(['-nprod', 'get', 'pods', '--kubeconfig', '/k/config', '--context', 'dev']);
  });

  it('session flags go before "--", never into a container command', async () => {
    await call('kubectl_write', 'run x --image=busybox --restart=Never -- echo hi');
    expect(spawnedWith()).toEqual([
      'run',
      'x',
      '--image=busybox',
      '--restart=Never',
      '--kubeconfig',
      '/k/config',
      '--context',
      'dev',
      '--',
      'echo',
      'hi',
    ]);
  });

  it('get secret -o yaml: keys stay, values and the last-applied copy of them do not', async () => {
    writeFileSync(stdoutFile, SECRET_YAML);
    const r = await call('kubectl_read', 'get secret db -o yaml');
    const out = text(r) + JSON.stringify(r.structuredContent);
    expect(out).toContain('password:');
    expect(out).toContain('[REDACTED]');
    for (const v of ['aHVudGVyMg==', 'hunter2', 'c2stbGl2ZQ==', 'plain-text-value']) expect(out).not.toContain(v);
  });

  it('get secrets -o json (a List) and get --raw (a SecretList) lose the values', async () => {
    writeFileSync(
      stdoutFile,
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' } },
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 'fast' } },
          ],
        },
        null,
        4,
      ),
    );
    const r = await call('kubectl_read', 'get secrets,configmaps -o json');
    expect(text(r)).not.toContain('aHVudGVyMg==');
    expect(text(r)).toContain('"mode": "fast"');
    writeFileSync(
      stdoutFile,
      JSON.stringify({
        kind: 'SecretList',
        apiVersion: 'v1',
        items: [{ metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' }, type: 'Opaque' }],
      }),
    );
    const w = await call('kubectl_write', 'get --raw /api/v1/namespaces/x/secrets');
    expect(text(w)).not.toContain('aHVudGVyMg==');
  });

  it('tokens, passwords, keys and bearer headers are redacted in any output, stderr included', async () => {
    writeFileSync(stdoutFile, ANY_OUTPUT);
    writeFileSync(
      join(dir, 'stderr.txt'),
      'I1202 round_trippers.go:466] Authorization: Bearer s3cr3t-bearer-token-value\n',
    );
    const r = await call('kubectl_read', 'config view');
    const out = text(r) + JSON.stringify(r.structuredContent);
    for (const v of [
      'abc123tokenvalue',
      'LS0tLS1CRUdJTiBSU0Eg',
      'MIIEpAIBAAKCAQEA',
      'hunter2',
      's3cr3t-bearer-token-value',
      JWT,
    ])
      expect(out).not.toContain(v);
    expect(out).toContain('certificate-authority-data: LS0tQ0EtREFUQQ==');
    expect(out).toContain("<set to the key 'password' in secret 'db'>");
  });

  it('a kubectl that never ends becomes an error result, and the server keeps answering', async () => {
    writeFileSync(join(dir, 'hang'), '');
    const r = (await client.callTool({
      name: 'kubectl_read',
      arguments: { command: 'get pods', ...SESSION, timeoutSeconds: 1 },
    })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/kubectl did not finish within 1s and was stopped/);
    rmSync(join(dir, 'hang'));
    expect((await call('kubectl_read', 'get pods')).isError).toBeFalsy();
  });

  it('create token: the printed service-account token is redacted', async () => {
    writeFileSync(stdoutFile, `${JWT}\n`);
    const r = await call('kubectl_write', 'create token default');
    expect(text(r)).not.toContain(JWT);
  });
});

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IkFCQyJ9.eyJpc3MiOiJrdWJlcm5ldGVzIiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLWJ5dGVz';

const SECRET_YAML = `apiVersion: v1
data:
  password: aHVudGVyMg==
  api-key: c2stbGl2ZQ==
kind: Secret
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"plain-text-value"}}
  name: db
  namespace: demo
type: Opaque
`;

const ANY_OUTPUT = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tQ0EtREFUQQ==
    server: https://127.0.0.1:6443
  name: dev
kind: Config
users:
- name: dev
  user:
    token: abc123tokenvalue
    client-key-data: LS0tLS1CRUdJTiBSU0Eg
---
Environment:
  DB_PASSWORD:  hunter2
  DB_USER:      <set to the key 'password' in secret 'db'>
  SA_TOKEN:     ${JWT}
-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA
-----END RSA PRIVATE KEY-----
`;
