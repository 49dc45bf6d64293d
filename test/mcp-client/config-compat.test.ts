// mcp.yaml as kubectl-ai users write it: path expansion, MCP_<NAME>_<VAR> pass-through,
// PascalCase keys, one broken entry disabling only itself, and the transport reached.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { describe, expect, it } from 'vitest';
import { parseMcpConfig } from '../../src/mcp-client/config.js';
import { createHub } from '../../src/mcp-client/connect.js';

// The example in kubectl-ai's README, token variable and all.
const README_EXAMPLE = `servers:
  # Local MCP server (stdio-based)
  - name: sequential-thinking
    command: npx
    args:
      - "-y"
      - "@modelcontextprotocol/server-sequential-thinking"
  # Remote MCP server (HTTP-based)
  - name: cloudflare-documentation
    url: https://docs.mcp.cloudflare.com/mcp
  # Optional: Remote MCP server with authentication
  - name: custom-api
    url: https://api.example.com/mcp
    auth:
      type: "bearer"
      token: "\${MCP_TOKEN}"
    timeout: 60
`;

describe('mcp.yaml as kubectl-ai users write it', () => {
  it('expands ~ and $HOME in command and args', () => {
    const { servers } = parseMcpConfig(
      'servers:\n  - name: a\n    command: ~/bin/x\n    args: ["$HOME/data", "~", "--flag=~/not-a-path"]\n  - name: b\n    command: $HOME/bin/y\n',
      'm.yaml',
      { HOME: '/home/ann' },
    );
    expect(servers[0].command).toBe('/home/ann/bin/x');
    expect(servers[0].args).toEqual(['/home/ann/data', '/home/ann', '--flag=~/not-a-path']);
    expect(servers[1].command).toBe('/home/ann/bin/y');
  });

  it('passes MCP_<NAME>_<VAR> to a stdio server as VAR', () => {
    const env = { MCP_GIT_HUB_GITHUB_TOKEN: 'ghp-123456', MCP_GIT_HUB_LOG_LEVEL: 'debug', MCP_OTHER_X: 'no' };
    const { servers } = parseMcpConfig(
      'servers:\n  - name: git-hub\n    command: gh-mcp\n    env: { LOG_LEVEL: info, KEEP: "1" }\n',
      'm.yaml',
      env,
    );
    expect(servers[0].env).toEqual({ LOG_LEVEL: 'debug', KEEP: '1', GITHUB_TOKEN: 'ghp-123456' });
  });

  it("loads kubectl-ai's README example; the entry whose ${VAR} is unset is disabled alone", () => {
    const unset = parseMcpConfig(README_EXAMPLE, 'mcp.yaml', {});
    expect(unset.servers.map((s) => s.name)).toEqual(['sequential-thinking', 'cloudflare-documentation']);
    expect(unset.warnings).toEqual([
      'mcp.yaml:12:5: servers[2] (custom-api) uses $MCP_TOKEN, which is not set; this server is disabled',
    ]);
    // A token given as MCP_<NAME>_TOKEN stands in for the unset variable.
    expect(
      parseMcpConfig(README_EXAMPLE, 'mcp.yaml', { MCP_CUSTOM_API_TOKEN: 'tok-override' }).servers[2],
    ).toMatchObject({ auth: { type: 'bearer', token: 'tok-override' } });
    const set = parseMcpConfig(README_EXAMPLE, 'mcp.yaml', { MCP_TOKEN: 'tok-123456' });
    expect(set.warnings).toEqual([]);
    expect(set.servers[2]).toMatchObject({
      name: 'custom-api',
      timeout: 60,
      auth: { type: 'bearer', token: 'tok-123456' },
    });
  });

  it('reads the PascalCase keys kubectl-ai writes', () => {
    const { servers, warnings } = parseMcpConfig(
      'Servers:\n  - Name: remote\n    URL: http://h:1/mcp\n    Timeout: 5\n    UseStreaming: false\n  - Name: local\n    Command: srv\n    Args: [--stdio]\n    Env: { A: b }\n',
      'mcp.yaml',
      {},
    );
    expect(warnings).toEqual([]);
    expect(servers).toMatchObject([
      { name: 'remote', url: 'http://h:1/mcp', timeout: 5, useStreaming: false },
      { name: 'local', command: 'srv', args: ['--stdio'], env: { A: 'b' } },
    ]);
  });

  it('a `comand:` typo disables that entry only; the hub still starts the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-mcpyaml-'));
    const file = join(dir, 'mcp.yaml');
    writeFileSync(file, 'servers:\n  - name: typo\n    comand: x\n  - name: fine\n    url: http://127.0.0.1:9/mcp\n');
    const setup = await createHub({ mcpConfigPath: file, includeBuiltins: false, env: { XDG_STATE_HOME: dir } });
    expect(setup.servers.map((s) => s.name)).toEqual(['fine']);
    expect(setup.warnings).toEqual([
      `${file}:3:5: unknown key "comand" in servers[0] ignored`,
      `${file}:2:5: servers[0] (typo) needs either url or command; this server is disabled`,
    ]);
    await setup.hub.close();
  });
});

/** LegacySseServer: a test double standing in for an old MCP server that speaks only the SSE transport. */
async function legacySseServer(): Promise<{ url: string; server: Server }> {
  const transports = new Map<string, SSEServerTransport>();
  const server = createServer(async (req, res) => {
    const u = new URL(req.url!, 'http://x');
    if (req.method === 'GET' && u.pathname === '/mcp') {
      const t = new SSEServerTransport('/messages', res);
      transports.set(t.sessionId, t);
      const mcp = new McpServer({ name: 'legacy', version: '1.0.0' });
      mcp.registerTool('hello', { description: 'says hello' }, async () => ({
        content: [{ type: 'text', text: 'hello' }],
      }));
      await mcp.connect(t);
      return;
    }
    if (req.method === 'POST' && u.pathname === '/messages')
      return transports.get(u.searchParams.get('sessionId') ?? '')?.handlePostMessage(req, res);
    // Streamable HTTP's POST to the endpoint is refused, as legacy servers do.
    res.writeHead(405).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

describe('the transport reached', () => {
  it('is reported as sse when an unpinned URL falls back to SSE', async () => {
    const legacy = await legacySseServer();
    const dir = mkdtempSync(join(tmpdir(), 'kk-mcpyaml-'));
    const file = join(dir, 'mcp.yaml');
    writeFileSync(file, `servers:\n  - name: old\n    url: ${legacy.url}\n    timeout: 10\n`);
    const setup = await createHub({ mcpConfigPath: file, includeBuiltins: false, env: { XDG_STATE_HOME: dir } });
    try {
      const [status] = await setup.status();
      expect(status).toMatchObject({ name: 'old', status: 'connected', transport: 'sse', tools: ['hello'] });
    } finally {
      await setup.hub.close();
      legacy.server.closeAllConnections();
      await new Promise((r) => legacy.server.close(r));
    }
  });
});
