// `kaptain-kube mcp serve --http` flags, through the built CLI: bad values are usage
// errors naming the flag, and --allowed-host / KAPTAIN_MCP_ALLOWED_HOSTS admit a name.
// All traffic stays on 127.0.0.1.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startServe } from '../helpers/serve.js';

/** POST tools/list to 127.0.0.1 naming `host` in the Host header; the status. */
function statusWithHost(url: string, host: string): Promise<number> {
  const u = new URL(url);
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(u.port),
        path: u.pathname,
        method: 'POST',
        agent: false,
        headers: {
          host,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': String(body.length),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('mcp serve --http flag values', () => {
  it.each([
    ['--port', 'abc'],
    ['--port', '70000'],
    ['--port', '-1'],
    ['--port', '80.5'],
    ['--ports-from', '65530'],
    ['--ports-from', 'x'],
    ['--allowed-host', 'user@evil.example'],
    ['--max-body', 'lots'],
  ])('%s %s is a usage error (exit 2) naming the flag and the value', async (flag, value) => {
    const r = await runCli(['mcp', 'serve', 'all', '--http', flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(`'${value}'`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad KAPTAIN_MCP_ALLOWED_HOSTS entry is a usage error naming the variable', async () => {
    const r = await runCli(['mcp', 'serve', 'docker-analysis', '--http', '--port', '0'], {
      env: { KAPTAIN_MCP_ALLOWED_HOSTS: 'ok.internal,a/b' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KAPTAIN_MCP_ALLOWED_HOSTS: "a/b"');
  });
});

describe('mcp serve --http allowed hosts', () => {
  it('--allowed-host (repeated) and KAPTAIN_MCP_ALLOWED_HOSTS admit their names; others are refused', async () => {
    const s = await startServe(
      ['docker-analysis', '--http', '--port', '0', '--allowed-host', 'mcp.internal', '--allowed-host', 'mcp2.internal'],
      { KAPTAIN_MCP_ALLOWED_HOSTS: 'team-mcp.internal:8000' },
    );
    try {
      const port = new URL(s.urls[0]).port;
      expect(await statusWithHost(s.urls[0], `127.0.0.1:${port}`)).toBe(200);
      expect(await statusWithHost(s.urls[0], `mcp.internal:${port}`)).toBe(200);
      expect(await statusWithHost(s.urls[0], 'mcp2.internal')).toBe(200);
      expect(await statusWithHost(s.urls[0], 'team-mcp.internal:8000')).toBe(200);
      expect(await statusWithHost(s.urls[0], `team-mcp.internal:${port}`)).toBe(403);
      expect(await statusWithHost(s.urls[0], `evil.example:${port}`)).toBe(403);
    } finally {
      await s.stop();
    }
  }, 30_000);
});
