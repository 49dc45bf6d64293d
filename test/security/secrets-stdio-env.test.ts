// A stdio MCP server from mcp.yaml gets the SDK's minimal environment plus its own `env`:
// credentials in the user's shell (OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY) stay out of it
// unless the server opts in with inheritEnv, and what it logs to stderr is redacted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHub } from '../../src/mcp-client/connect.js';
import { parseMcpConfig } from '../../src/mcp-client/config.js';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'secrets-env-server.mjs');
const OPENAI = 'sk-parent-openai-key-0123456789';
const AWS = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const YAML_TOKEN = 'tok-from-yaml-abcdef123456';

afterEach(() => vi.unstubAllEnvs());

function mcpYaml(dir: string): string {
  const file = join(dir, 'mcp.yaml');
  const q = JSON.stringify;
  writeFileSync(
    file,
    [
      'servers:',
      '  - name: minimal',
      `    command: ${q(process.execPath)}`,
      `    args: [${q(SERVER)}]`,
      '    env:',
      '      FROM_YAML: from-yaml',
      `      API_TOKEN: ${YAML_TOKEN}`,
      '  - name: inherits',
      `    command: ${q(process.execPath)}`,
      `    args: [${q(SERVER)}]`,
      '    inherit_env: true',
    ].join('\n'),
  );
  return file;
}

describe('stdio server environment', () => {
  it("a server gets PATH, HOME and its mcp.yaml env, not the parent's credentials; inheritEnv opts in", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-secrets-env-'));
    vi.stubEnv('OPENAI_API_KEY', OPENAI);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', AWS);
    vi.stubEnv('XDG_STATE_HOME', join(dir, 'state'));
    const setup = await createHub({ mcpConfigPath: mcpYaml(dir), includeBuiltins: false });
    try {
      const minimal = JSON.parse((await setup.hub.callTool('minimal', 'env_keys', {})).text) as string[];
      expect(minimal).not.toContain('OPENAI_API_KEY');
      expect(minimal).not.toContain('AWS_SECRET_ACCESS_KEY');
      expect(minimal).toEqual(expect.arrayContaining(['PATH', 'FROM_YAML', 'API_TOKEN']));
      const inherits = JSON.parse((await setup.hub.callTool('inherits', 'env_keys', {})).text) as string[];
      expect(inherits).toEqual(expect.arrayContaining(['PATH', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY']));
    } finally {
      await setup.hub.close();
    }
    // The server's stderr log names the token's variable but never its value.
    const logFile = join(dir, 'state', 'kaptain-kube', 'mcp-logs', 'minimal.log');
    // The log is written through a stream: wait for the line rather than for a time.
    await vi.waitFor(() => expect(readFileSync(logFile, 'utf8')).toContain('API_TOKEN='), {
      timeout: 5000,
      interval: 20,
    });
    const log = readFileSync(logFile, 'utf8');
    expect(log).not.toContain(YAML_TOKEN);
  });

  it('accepts inheritEnv in any spelling, like the other mcp.yaml keys, and defaults to off', () => {
    for (const key of ['inheritEnv', 'inherit_env', 'InheritEnv', 'inherit-env']) {
      const { servers, warnings } = parseMcpConfig(
        `servers:\n  - name: a\n    command: x\n    ${key}: true\n`,
        'm.yaml',
        {},
      );
      expect(warnings).toEqual([]);
      expect(servers[0].inheritEnv).toBe(true);
    }
    expect(parseMcpConfig('servers:\n  - name: a\n    command: x\n', 'm.yaml', {}).servers[0].inheritEnv).toBeFalsy();
  });
});
