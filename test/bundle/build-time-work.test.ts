// The bundle moves work from every run to build time: tool JSON Schemas precomputed,
// RE2 loaded only when a pattern needs it. These tests hold the built CLI to the
// behaviour of the source it was built from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_SERVERS, BUILTIN_SERVERS, loadBuiltinServer } from '../../mcp/registry.js';
import { toolJsonSchemas } from '../../mcp/shared/json-schema.js';
import { runCli } from '../helpers/cli.js';
import { connectBuiltin } from '../helpers/mcp.js';
import { startServe } from '../helpers/serve.js';

let served: Awaited<ReturnType<typeof startServe>>;
beforeAll(async () => {
  served = await startServe(['all', '--http', '--port', '0']);
}, 60_000);
afterAll(async () => served?.stop());

async function bundled(server: string): Promise<Client> {
  const base = served.urls[0].replace(/\/[a-z0-9-]+\/mcp$/, '');
  const client = new Client({ name: 'bundle-test', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/${server}/mcp`)));
  return client;
}

describe('the built CLI', () => {
  // Each server at its own path of one port (/k8s-manifest-generator/mcp once answered 404).
  it.each(BUILTIN_SERVERS)(
    '%s: tools/list from precomputed schemas equals the source converting its zod schemas',
    async (server) => {
      const [fromBundle, fromSource] = await Promise.all([bundled(server), connectBuiltin(server)]);
      try {
        const a = (await fromBundle.listTools()).tools;
        const b = (await fromSource.listTools()).tools;
        expect(a.map((t) => t.name)).toEqual(b.map((t) => t.name));
        expect(a).toEqual(b);
      } finally {
        await Promise.all([fromBundle.close(), fromSource.close()]);
      }
    },
  );

  it("every in-process server, the agent's kubectl included, announces the input schemas its source converts to", async () => {
    const r = await runCli(['mcp', 'tools', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const listed = JSON.parse(r.stdout).tools as { server: string; name: string; inputSchema: unknown }[];
    const servers = [...BUILTIN_SERVERS, ...AGENT_SERVERS];
    expect([...new Set(listed.map((t) => t.server))]).toEqual(servers);
    for (const server of servers) {
      const { definition } = await loadBuiltinServer(server);
      for (const tool of definition.tools) {
        expect(
          listed.find((t) => t.server === server && t.name === tool.name)?.inputSchema,
          `${server}/${tool.name}`,
        ).toEqual(toolJsonSchemas(tool).inputSchema);
      }
    }
  });

  it('validates a PrometheusRule pattern that needs RE2 ("(?i)") with the real RE2 engine', async () => {
    const client = await bundled('k8s-manifest-generator');
    try {
      const rule = (strategy: string) => ({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'r', namespace: 'n' },
        spec: {
          groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'up == 0' }] }],
        },
      });
      const check = async (strategy: string) => {
        const res = (await client.callTool({
          name: 'validate_manifests',
          arguments: { files: [{ path: 'r.yaml', objects: [rule(strategy)] }] },
        })) as CallToolResult;
        return (res.structuredContent as { findings: { rule: string; message: string }[] }).findings.filter(
          (f) => f.rule === 'schema',
        );
      };
      // Case-insensitive through the inline flag, which JavaScript's RegExp rejects.
      expect(await check('WARN')).toEqual([]);
      expect(await check('abort')).toEqual([]);
      const bad = await check('sometimes');
      expect(bad).toHaveLength(1);
      expect(bad[0].message).toMatch(/partial_response_strategy must match pattern/);
    } finally {
      await client.close();
    }
  });
});
