import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from '../helpers/cli.js';
import { startServe } from '../helpers/serve.js';

let served: Awaited<ReturnType<typeof startServe>>;
beforeAll(async () => {
  served = await startServe(['docker-analysis', '--http', '--port', '0']);
}, 30_000);
afterAll(async () => served?.stop());

const dir = mkdtempSync(join(tmpdir(), 'kk-mcpcfg-'));

/** A client of our servers in another process: the SDK's Client, as any third party would use it. */
const CLIENT_SCRIPT = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const [mode, target, token] = process.argv.slice(2);
const transport = mode === 'stdio'
  ? new StdioClientTransport({ command: process.execPath, args: [target, 'mcp', 'serve', 'docker-analysis', '--stdio'] })
  : new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: token ? { Authorization: 'Bearer ' + token } : {} } });
const client = new Client({ name: 'third-party', version: '1.0.0' });
await client.connect(transport);
const tools = (await client.listTools()).tools.map((t) => t.name).sort();
const res = await client.callTool({ name: 'estimate_resources', arguments: { language: 'go' } });
console.log(JSON.stringify({ tools, memory: res.structuredContent.memory }));
await client.close();
`;

function runClient(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const script = join(REPO, 'node_modules', '.kk-third-party-client.mjs');
  writeFileSync(script, CLIENT_SCRIPT);
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [script, ...args], { cwd: REPO });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe("mcp list with kubectl-ai's mcp.yaml", () => {
  it('stdio sequential-thinking and HTTP docker-analysis connect; a missing command fails alone', async () => {
    const cfg = join(dir, 'mcp.yaml');
    writeFileSync(
      cfg,
      [
        'servers:',
        '  - name: sequential-thinking',
        '    command: node',
        `    args: ["${join(REPO, 'node_modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js')}"]`,
        '  - name: docker-analysis',
        `    url: "${served.urls[0]}"`,
        '    timeout: 10',
        '  - name: broken',
        '    command: /nonexistent/kaptain-test-command',
      ].join('\n'),
    );
    const r = await runCli(['mcp', 'list', '--mcp-config', cfg, '--output', 'json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const servers = JSON.parse(r.stdout).servers as {
      name: string;
      transport: string;
      status: string;
      tools: string[];
      error?: string;
    }[];
    const byName = Object.fromEntries(servers.map((s) => [s.name, s]));
    expect(byName['sequential-thinking']).toMatchObject({ transport: 'stdio', status: 'connected' });
    expect(byName['sequential-thinking'].tools).toContain('sequentialthinking');
    // The mcp.yaml entry replaces the built-in of the same name, and is reached over HTTP.
    expect(byName['docker-analysis']).toMatchObject({ transport: 'http', status: 'connected' });
    expect(byName['docker-analysis'].tools.sort()).toEqual([
      'analyze_dockerfile',
      'detect_dependencies',
      'estimate_resources',
      'inspect_image',
      'security_scan',
    ]);
    expect(byName.broken).toMatchObject({ status: 'failed' });
    expect(byName.broken.error).toContain('command not found: /nonexistent/kaptain-test-command');
    expect(byName['k8s-manifest-generator']).toMatchObject({ transport: 'in-memory', status: 'connected' });
  }, 90_000);

  it('invalid YAML is an error with file:line:col and exit 2', async () => {
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'servers:\n  - name: x\n    url: [http\n');
    const r = await runCli(['mcp', 'list', '--mcp-config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${cfg.replace(/[/.]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  });
});

describe('mcp serve for third-party clients', () => {
  it('an SDK client in another process lists and calls tools over stdio and over HTTP', async () => {
    for (const args of [
      ['stdio', CLI],
      ['http', served.urls[0]],
    ]) {
      const r = await runClient(...args);
      expect(r.err).toBe('');
      const out = JSON.parse(r.out);
      expect(out.tools).toEqual([
        'analyze_dockerfile',
        'detect_dependencies',
        'estimate_resources',
        'inspect_image',
        'security_scan',
      ]);
      expect(out.memory).toBe('128Mi');
    }
  }, 60_000);

  it('with a token, requests without it or with a wrong one get 401; the right one works', async () => {
    const s = await startServe(['docker-analysis', '--http', '--port', '0', '--token', 'test-token-123456']);
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
      const post = (auth?: string) =>
        fetch(s.urls[0], {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(auth ? { authorization: auth } : {}),
          },
          body,
        });
      expect((await post()).status).toBe(401);
      expect((await post('Bearer wrong-token-000000')).status).toBe(401);
      expect((await post('Bearer test-token-123456')).status).toBe(200);
      expect((await fetch(s.urls[0].replace(/\/mcp$/, '/healthz'))).status).toBe(200);
      const r = await runClient('http', s.urls[0], 'test-token-123456');
      expect(JSON.parse(r.out).memory).toBe('128Mi');
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('all servers on their own ports from --ports-from, as mcp.example.yaml expects', async () => {
    const s = await startServe(['all', '--http', '--ports-from', '18401']);
    try {
      expect(s.urls).toHaveLength(10);
      expect(s.urls[0]).toBe('http://127.0.0.1:18401/mcp');
      expect(s.urls[9]).toBe('http://127.0.0.1:18410/mcp');
      // The spec's mcp.yaml uses bare URLs; a single-server port answers at / too.
      const bare = await fetch('http://127.0.0.1:18401/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
      expect(bare.status).toBe(200);
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('refuses a non-loopback address without a token (exit 2) and stdio for all', async () => {
    const r = await runCli(['mcp', 'serve', 'all', '--http', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to serve on 0.0.0.0 without a token');
    const s = await runCli(['mcp', 'serve', 'all', '--stdio']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('stdio carries one server per process');
  });
});

describe('a dropped connection', () => {
  it('gets one reconnect: a stdio server whose process died is started again for the next call', async () => {
    const { McpHub } = await import('../../src/mcp-client/hub.js');
    const { externalSource } = await import('../../src/mcp-client/external.js');
    const hub = new McpHub([
      externalSource(
        {
          name: 'docker-analysis',
          command: process.execPath,
          args: [CLI, 'mcp', 'serve', 'docker-analysis', '--stdio'],
          env: {},
          headers: {},
          timeout: 20,
          skipVerify: false,
          useStreaming: true,
          trusted: false,
        },
        { ...process.env, XDG_STATE_HOME: dir },
      ),
    ]);
    try {
      expect((await hub.callTool('docker-analysis', 'estimate_resources', { language: 'go' })).structured?.memory).toBe(
        '128Mi',
      );
      const pid = ((await hub.client('docker-analysis')) as unknown as { transport: { pid: number } }).transport.pid;
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      expect(
        (await hub.callTool('docker-analysis', 'estimate_resources', { language: 'java' })).structured?.memory,
      ).toBe('768Mi');
      const pid2 = ((await hub.client('docker-analysis')) as unknown as { transport: { pid: number } }).transport.pid;
      expect(pid2).not.toBe(pid);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
