// "Pure" is a claim that lets a built-in tool run before its approval decision (to show
// its diff). This suite holds every tool that makes the claim to it: each runs, through
// the real hub and SDK client, inside a sandbox without files (the product's own
// templates excepted), network, child processes or cluster, and must still work.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AGENT_SERVERS, BUILTIN_SERVERS } from '../../mcp/registry.js';
import { READ_ONLY } from '../../mcp/shared/annotations.js';
import type { AppContext } from '../../src/plan/app-context.js';
import { buildServer } from '../../mcp/shared/server.js';
import { templatesRoot } from '../../mcp/shared/templates.js';
import { defineTool } from '../../mcp/shared/tool.js';
import { McpHub, type HubTool, type ServerSource } from '../../src/mcp-client/hub.js';
import { blogApi, imageClassifier, userService } from '../helpers/app-context.js';
import { REPO } from '../helpers/cli.js';
import { enterSandbox } from './preview-sandbox.js';

const APPS: AppContext[] = [
  blogApi(),
  userService(),
  imageClassifier(),
  blogApi({
    name: 'shop',
    namespace: 'shop',
    database: { type: 'mysql', size: '10Gi', backup: true, instances: 2 },
    securityProfile: 'hipaa',
  }),
];

/** Arguments for a tool, from the shape of its input schema; undefined when the suite has no sample yet. */
function sampleArgs(tool: HubTool, app: AppContext, files: unknown[]): Record<string, unknown> | undefined {
  const props = Object.keys((tool.inputSchema.properties ?? {}) as Record<string, unknown>);
  if (props.includes('app')) return { app };
  if (props.includes('files')) return { files, ...(props.includes('profile') ? { profile: app.securityProfile } : {}) };
  if (props.includes('language'))
    return {
      language: app.language,
      framework: app.framework,
      app_type: app.appType,
      gpu: app.resources.gpu,
      requirements: app.requirements,
    };
  return undefined;
}

/** Calls every tool once per sample app inside the sandbox; manifest-set tools get the files generated just before. */
async function runSandboxed(hub: McpHub, tools: HubTool[]) {
  const generators = tools.filter((t) => !('files' in ((t.inputSchema.properties ?? {}) as object)));
  const checkers = tools.filter((t) => !generators.includes(t));
  const worked = new Set<string>();
  const failures: string[] = [];
  const sandbox = enterSandbox({ readableRoot: templatesRoot() });
  try {
    for (const app of APPS) {
      const files: unknown[] = [];
      for (const t of [...generators, ...checkers]) {
        const args = sampleArgs(t, app, files);
        if (!args) {
          failures.push(`${t.server}/${t.name}: no sample arguments in this suite`);
          continue;
        }
        const out = await hub.callTool(t.server, t.name, args);
        if (out.isError) failures.push(`${t.server}/${t.name} (${app.name}): ${out.text}`);
        else worked.add(`${t.server}/${t.name}`);
        const produced = out.structured?.files;
        if (Array.isArray(produced))
          files.push(...produced.filter((f) => Array.isArray((f as { objects?: unknown }).objects)));
      }
    }
  } finally {
    sandbox.restore();
  }
  return { worked, failures, violations: sandbox.violations };
}

let hub: McpHub;
let pure: HubTool[];

beforeAll(async () => {
  hub = new McpHub();
  // Every module is loaded and the templates folder found before the sandbox goes up.
  pure = (await Promise.all([...BUILTIN_SERVERS, ...AGENT_SERVERS].map((s) => hub.listTools(s))))
    .flat()
    .filter((t) => t.pure);
  templatesRoot();
});
afterAll(() => hub.close());

describe('built-in tools declared pure', () => {
  it('are the read-only generators; no file reader, registry, cluster or world-changing tool claims it', () => {
    expect(pure.length).toBeGreaterThan(30);
    for (const t of pure) expect(t.annotations?.readOnlyHint, `${t.server}/${t.name}`).toBe(true);
    const names = pure.map((t) => t.name);
    for (const impure of [
      'kubectl_read',
      'kubectl_write',
      'apply_manifests',
      'configure_cluster_autoscaler',
      'create_git_repository',
      'setup_webhooks',
      'analyze_dockerfile',
      'detect_dependencies',
      'security_scan',
      'inspect_image',
    ]) {
      expect(names).not.toContain(impure);
    }
  });

  it('each works in a sandbox without file, network, child-process or cluster access', async () => {
    const { worked, failures, violations } = await runSandboxed(hub, pure);
    expect(violations).toEqual([]);
    expect(failures.filter((f) => /internal error|sandbox/.test(f))).toEqual([]);
    // A tool may refuse one sample app (no database to back up …) but must work for some.
    const never = pure.map((t) => `${t.server}/${t.name}`).filter((n) => !worked.has(n));
    expect(never, failures.join('\n')).toEqual([]);
  });

  it('the sandbox blocks what it claims to, by name and through node:fs/promises', async () => {
    const sandbox = enterSandbox({ readableRoot: templatesRoot() });
    try {
      expect(() => readFileSync(`${REPO}/package.json`)).toThrow(/sandbox/);
      await expect(readFile(`${REPO}/package.json`)).rejects.toThrow(/sandbox/);
      await expect(fetch('http://127.0.0.1:9/')).rejects.toThrow(/sandbox/);
      expect(readFileSync(`${templatesRoot()}/security-baselines.json`, 'utf8').length).toBeGreaterThan(0);
    } finally {
      sandbox.restore();
    }
    expect(sandbox.violations).toHaveLength(3);
    expect(readFileSync(`${REPO}/package.json`, 'utf8')).toContain('kaptain-kube');
  });

  it('a tool declared pure that reads a user file is caught, even when it swallows the error', async () => {
    // fakeLeakyGenerator: stands in for a built-in generator that wrongly declares itself
    // pure — it peeks at a file next to the project and carries on when that fails.
    const fakeLeakyGenerator = defineTool({
      name: 'generate_leaky',
      title: 'Leaky generator',
      description: 'test double',
      input: z.object({ app: z.object({ name: z.string() }).passthrough() }),
      output: z.object({ peeked: z.boolean() }),
      annotations: READ_ONLY,
      pure: true,
      run: () => {
        try {
          readFileSync(`${REPO}/package.json`);
          return { peeked: true };
        } catch {
          return { peeked: false };
        }
      },
    });
    const source: ServerSource = {
      name: 'fake-leaky',
      transport: 'in-memory',
      hints: 'builtin',
      async connect() {
        const [a, b] = InMemoryTransport.createLinkedPair();
        const client = new Client({ name: 'test', version: '0' });
        await Promise.all([
          buildServer({
            name: 'fake-leaky',
            title: 'fake',
            instructions: '',
            tools: [fakeLeakyGenerator],
            resources: [],
          }).connect(b),
          client.connect(a),
        ]);
        return client;
      },
    };
    const leakyHub = new McpHub([source]);
    const tools = await leakyHub.listTools('fake-leaky');
    expect(tools[0].pure).toBe(true);
    const { worked, violations } = await runSandboxed(leakyHub, tools);
    await leakyHub.close();
    expect(worked.has('fake-leaky/generate_leaky')).toBe(true);
    expect(violations[0]).toContain('fs.readFileSync');
  });
});
