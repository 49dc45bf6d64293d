// A broken mcp.yaml entry disables only itself: deploy --plan-only still runs, and
// `mcp list` shows the other servers with the warning naming file:line:col.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'kk-mcpyaml-cli-'));
const env = {
  XDG_DATA_HOME: join(home, 'data'),
  XDG_STATE_HOME: join(home, 'state'),
  XDG_CONFIG_HOME: join(home, 'config'),
};
const cfg = join(home, 'mcp.yaml');
writeFileSync(
  cfg,
  [
    'servers:',
    '  - name: typo',
    '    comand: some-server',
    '  - name: needs-token',
    '    url: http://127.0.0.1:9/mcp',
    '    auth: { type: bearer, token: "${UNSET_TOKEN_FOR_TEST}" }',
    '',
  ].join('\n'),
);

describe('a broken mcp.yaml entry', () => {
  it('leaves deploy --plan-only working, with a warning per entry', async () => {
    const r = await runCli(['deploy', 'fixtures/blog-api/app-config.yaml', '--plan-only'], {
      env: { ...env, KAPTAIN_MCP_CONFIG: cfg },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${cfg}:2:5: servers[0] (typo) needs either url or command; this server is disabled`);
    expect(r.stderr).toContain(
      `${cfg}:4:5: servers[1] (needs-token) uses $UNSET_TOKEN_FOR_TEST, which is not set; this server is disabled`,
    );
  });

  it('is left out of mcp list, which still lists the built-ins', async () => {
    const r = await runCli(['mcp', 'list', '--mcp-config', cfg, '-o', 'json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: string[]; servers: { name: string }[] };
    expect(out.warnings).toHaveLength(3);
    expect(out.servers.map((s) => s.name)).not.toContain('typo');
    expect(out.servers.map((s) => s.name)).toContain('docker-analysis');
  });
});
