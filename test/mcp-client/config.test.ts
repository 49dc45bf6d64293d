import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultMcpConfigPath,
  loadMcpConfig,
  parseMcpConfig,
  redactServerConfig,
  secretValuesOf,
} from '../../src/mcp-client/config.js';
import { authHeaders, externalSource } from '../../src/mcp-client/external.js';
import { toolNameFor, ToolNameMap } from '../../src/mcp-client/tool-names.js';

describe('mcp.yaml loader', () => {
  it('finds the file where kubectl-ai does; a missing file means no external servers', async () => {
    expect(defaultMcpConfigPath({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/kubectl-ai/mcp.yaml');
    expect(await loadMcpConfig({ env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'kk-')) } })).toEqual({
      servers: [],
      warnings: [],
    });
    await expect(loadMcpConfig({ path: '/nonexistent/mcp.yaml' })).rejects.toThrow(/no such file/);
  });

  it('accepts camelCase, snake_case and lower-case keys alike', () => {
    const { servers } = parseMcpConfig(
      [
        'servers:',
        '  - name: a',
        '    url: http://h:1',
        '    use_streaming: false',
        '    skip_verify: true',
        '    auth: { type: api-key, api_key: k-123456, header_name: X-Key }',
        '  - name: b',
        '    url: http://h:2',
        '    usestreaming: false',
        '    auth: { type: bearer, token: t-123456 }',
      ].join('\n'),
      'm.yaml',
      {},
    );
    expect(servers[0]).toMatchObject({
      useStreaming: false,
      skipVerify: true,
      auth: { type: 'api-key', apiKey: 'k-123456', headerName: 'X-Key' },
    });
    expect(servers[1]).toMatchObject({ useStreaming: false, auth: { type: 'bearer', token: 't-123456' } });
  });

  it('expands ${VAR} and ${VAR:-default}, and applies MCP_<NAME>_* overrides', () => {
    const { servers } = parseMcpConfig(
      [
        'servers:',
        '  - name: my-server',
        '    url: "${BASE:-http://fallback:9}/mcp"',
        '    headers: { X-Team: "${TEAM}" }',
      ].join('\n'),
      'm.yaml',
      { TEAM: 'platform', MCP_MY_SERVER_TOKEN: 'override-token' },
    );
    expect(servers[0].url).toBe('http://fallback:9/mcp');
    expect(servers[0].headers).toEqual({ 'X-Team': 'platform' });
    expect(servers[0].auth).toEqual({ type: 'bearer', token: 'override-token' });
    const { servers: s2 } = parseMcpConfig('servers:\n  - name: my-server\n    url: http://a\n', 'm.yaml', {
      MCP_MY_SERVER_URL: 'http://b:1',
    });
    expect(s2[0].url).toBe('http://b:1');
  });

  it('warns about unknown keys with file:line:col instead of dropping them silently', () => {
    const { warnings } = parseMcpConfig('servers:\n  - name: a\n    command: x\n    comand_args: [y]\n', 'm.yaml', {});
    expect(warnings).toEqual(['m.yaml:4:5: unknown key "comand_args" in servers[0] ignored']);
  });

  it('rejects invalid YAML; an invalid entry is disabled with a file:line:col warning', () => {
    expect(() => parseMcpConfig('servers:\n  - name: a\n   url: x\n', 'm.yaml', {})).toThrow(
      /^m\.yaml:\d+:\d+: invalid YAML/,
    );
    expect(parseMcpConfig('servers:\n  - name: a\n', 'm.yaml', {}).warnings).toEqual([
      'm.yaml:2:5: servers[0] (a) needs either url or command; this server is disabled',
    ]);
    const bad = parseMcpConfig('servers:\n  - name: a\n    url: http://x\n    auth: { type: magic }\n', 'm.yaml', {});
    expect(bad.servers).toEqual([]);
    expect(bad.warnings[0]).toMatch(/^m\.yaml:2:5: servers\[0\] \(a\) has an invalid auth/);
  });

  it('lists and redacts every credential', () => {
    const { servers } = parseMcpConfig(
      'servers:\n  - name: a\n    url: http://x\n    auth: { type: basic, username: u, password: pass-123456 }\n    headers: { Authorization: "Bearer hdr-token-123" }\n',
      'm.yaml',
      {},
    );
    expect(secretValuesOf(servers)).toEqual(expect.arrayContaining(['pass-123456', 'hdr-token-123']));
    expect(JSON.stringify(redactServerConfig(servers[0]))).not.toMatch(/pass-123456|hdr-token-123/);
  });
});

describe('credentials the client sends', () => {
  /** HeaderRecorder: a test double standing in for a remote MCP server; it records request headers and refuses the call. */
  async function headerRecorder() {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/token') return res.end(JSON.stringify({ access_token: 'oauth-access-123', expires_in: 3600 }));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen,
      close: () => new Promise((r) => server.close(r)),
    };
  }

  it('bearer, basic and api-key headers reach the server', async () => {
    const rec = await headerRecorder();
    try {
      for (const auth of [
        '{ type: bearer, token: tok-123456 }',
        '{ type: basic, username: ann, password: pw-123456 }',
        '{ type: api-key, apiKey: key-123456, headerName: X-Api-Key }',
      ]) {
        const { servers } = parseMcpConfig(
          `servers:\n  - name: r\n    url: ${rec.url}/mcp\n    transport: http\n    timeout: 5\n    auth: ${auth}\n`,
          'm.yaml',
          {},
        );
        await externalSource(servers[0])
          .connect()
          .catch(() => undefined);
      }
      expect(rec.seen[0].authorization).toBe('Bearer tok-123456');
      expect(rec.seen.find((h) => String(h.authorization).startsWith('Basic'))!.authorization).toBe(
        `Basic ${Buffer.from('ann:pw-123456').toString('base64')}`,
      );
      expect(rec.seen.find((h) => h['x-api-key'])!['x-api-key']).toBe('key-123456');
    } finally {
      await rec.close();
    }
  });

  it('oauthConfig fetches a client-credentials token first', async () => {
    const rec = await headerRecorder();
    try {
      const { servers } = parseMcpConfig(
        `servers:\n  - name: o\n    url: ${rec.url}/mcp\n    oauth_config: { client_id: cid, client_secret: csecret-123, token_url: ${rec.url}/token, scopes: [mcp.read] }\n`,
        'm.yaml',
        {},
      );
      expect(await authHeaders(servers[0])).toMatchObject({ Authorization: 'Bearer oauth-access-123' });
      expect(rec.seen[0].authorization).toBe(`Basic ${Buffer.from('cid:csecret-123').toString('base64')}`);
    } finally {
      await rec.close();
    }
  });
});

describe('tool names for providers', () => {
  it('are <server>_<tool>, sanitised, at most 64 characters, unique and reversible', () => {
    expect(toolNameFor('docker-analysis', 'analyze_dockerfile')).toBe('docker-analysis_analyze_dockerfile');
    const long = toolNameFor('a-very-long-server-name-from-somebody-elses-config', 'and.a.tool/with:odd chars');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[a-zA-Z0-9_-]+$/);
    const m = new ToolNameMap();
    const x = m.add('s', 'a.b');
    const y = m.add('s', 'a/b');
    expect(x).not.toBe(y);
    expect(m.resolve(x)).toEqual({ server: 's', tool: 'a.b' });
    expect(m.resolve(y)).toEqual({ server: 's', tool: 'a/b' });
  });
});

describe('skipVerify', () => {
  it('reaches a self-signed HTTPS server only when the entry says so', async () => {
    const { makeCa } = await import('../kube/fake-apiserver.js');
    const { createServer: createHttps } = await import('node:https');
    const { insecureFetch } = await import('../../src/mcp-client/insecure-fetch.js');
    const tls = makeCa(mkdtempSync(join(tmpdir(), 'kk-tls-')));
    const server = createHttps({ cert: tls.cert, key: tls.key }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await expect(fetch(url)).rejects.toThrow();
      const r = await insecureFetch(url);
      expect(await r.json()).toEqual({ ok: true });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
