// Compact tools in a session: the LLM planner against FakeOpenAiServer (a test double of
// an OpenAI-compatible server) and the real built-in MCP servers in process.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { LlmPlanner, type LlmTool } from '../../src/agent/planners/llm.js';
import { loadTarget } from '../../src/agent/session-runner.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { ToolNameMap } from '../../src/mcp-client/tool-names.js';
import { FakeOpenAiServer, type Script } from '../helpers/fake-openai.js';
import { REPO } from '../helpers/cli.js';
import { replay, type SessionState } from '../../src/sessions/state.js';

const CONFIG = join(REPO, 'fixtures', 'blog-api', 'app-config.yaml');
let server: FakeOpenAiServer | undefined;
let hub: McpHub | undefined;
afterEach(async () => {
  await server?.stop();
  await hub?.close();
  server = undefined;
  hub = undefined;
});

async function session(
  script: Script,
  opts: { omitUsage?: boolean; contextTokens?: number; state?: SessionState; sink?: MemorySink } = {},
) {
  await server?.stop();
  server = new FakeOpenAiServer(script, { omitUsage: opts.omitUsage });
  hub ??= new McpHub();
  const names = new ToolNameMap();
  const tools: LlmTool[] = [];
  for (const s of hub.serverNames())
    for (const t of await hub.listTools(s))
      (tools.push({
        server: s,
        name: t.name,
        description: t.description,
        inputSchema: t.inputSchema as Record<string, unknown>,
      }),
        names.add(s, t.name));
  const planner = new LlmPlanner({
    model: 'local-model',
    apiKey: 'k',
    baseURL: await server.start(),
    system: 'SYSTEM',
    tools,
    namer: names,
    compact: { loadTarget },
    contextTokens: opts.contextTokens,
    maxRetries: 0,
  });
  const engine = new SessionEngine({ hub, planner, sink: opts.sink ?? new MemorySink(), state: opts.state });
  if (!opts.state)
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'openai',
      policy: 'yes',
    });
  return engine;
}

describe('compact tools', () => {
  it("find_tools offers a matching tool on the next request; its call gets the session's app filled in", async () => {
    const engine = await session(
      (req, i) => {
        if (i === 0)
          return { toolCalls: [{ name: 'find_tools', arguments: '{"query":"monthly cost estimate per cloud"}' }] };
        if (i === 1)
          return {
            toolCalls: [{ name: 'cost-optimization_analyze_costs', arguments: '{"app":"blog-api","cloud":"aws"}' }],
          };
        return { text: 'About the cost: see above.' };
      },
      { omitUsage: true },
    );
    await engine.emit({ type: 'user.message', text: `what would ${CONFIG} cost?` });
    expect(await engine.run()).toBe('wait');
    const [first, second] = server!.requests;
    expect(first.tools?.map((t) => t.function.name)).not.toContain('cost-optimization_analyze_costs');
    const offered = second.tools?.find((t) => t.function.name === 'cost-optimization_analyze_costs');
    expect(offered?.function.parameters).toMatchObject({
      properties: { app: { type: 'string' }, cloud: expect.anything() },
    });
    expect(JSON.stringify(offered)).not.toContain('securityProfile');
    expect(second.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: expect.stringContaining('cost-optimization_analyze_costs'),
    });
    // The host's answer never reached the gate: one real call, with the resolved app object.
    expect(engine.state.calls).toHaveLength(1);
    const call = engine.state.calls[0].proposed;
    expect(call).toMatchObject({
      server: 'cost-optimization',
      tool: 'analyze_costs',
      llm: { name: 'cost-optimization_analyze_costs' },
    });
    expect(call.args).toMatchObject({ cloud: 'aws', app: { name: 'blog-api', namespace: expect.any(String) } });
    expect(engine.state.calls[0].result?.isError).toBe(false);
    // No usage from the server: every request is estimated (chars/4) and recorded.
    expect(engine.state.usage).toMatchObject({ requests: 3, estimated: true });
    expect(engine.state.usage!.inputTokens).toBeGreaterThan(first.bytes / 4 - 50);
  }, 60_000);

  it("a step the plan does not have is sent back to the model with the plan's steps", async () => {
    const engine = await session((_req, i) =>
      i === 0
        ? { toolCalls: [{ name: 'generate_component', arguments: '{"component":"spaceship"}' }] }
        : { text: 'ok' },
    );
    await engine.emit({ type: 'user.message', text: `deploy ${CONFIG}` });
    await engine.run();
    expect(engine.state.calls).toHaveLength(0);
    expect(server!.requests[1].messages.at(-1)?.content).toMatch(
      /"spaceship" is not a step of the plan; steps: deployment, service,/,
    );
  }, 60_000);

  it('read_file answers from the workspace, or says clearly when one file cannot fit', async () => {
    const engine = await session(
      (_req, i) =>
        i === 0
          ? { toolCalls: [{ name: 'generate_component', arguments: '{"component":"deployment"}' }] }
          : i === 1
            ? { toolCalls: [{ name: 'read_file', arguments: '{"path":"k8s-manifests/04-deployment.yaml"}' }] }
            : { text: 'read it' },
      { contextTokens: 2000 },
    );
    await engine.emit({ type: 'user.message', text: `deploy ${CONFIG}` });
    await engine.run();
    const reply = server!.requests[2].messages.at(-1)?.content;
    expect(reply).toMatch(
      /k8s-manifests\/04-deployment.yaml \(sha256 [0-9a-f]{12}\) is about \d+ tokens, more than fits this model's context \(\d+ tokens for one item\)\. It holds: Deployment\/blog-api/,
    );
  }, 60_000);

  it('after a resume the session still knows its app: the config comes back from the transcript', async () => {
    const sink = new MemorySink();
    const first = await session(
      (_req, i) =>
        i === 0
          ? { toolCalls: [{ name: 'plan', arguments: JSON.stringify({ config_path: CONFIG }) }] }
          : { text: 'planned' },
      { sink },
    );
    await first.emit({ type: 'user.message', text: 'get going' });
    await first.run();
    expect(first.state.calls[0].proposed).toMatchObject({
      server: 'docker-analysis',
      tool: 'analyze_dockerfile',
      llm: { name: 'plan' },
    });
    // A new planner, as after a restart; the user's line names no file.
    const resumed = await session(
      (_req, i) =>
        i === 0
          ? { toolCalls: [{ name: 'generate_component', arguments: '{"component":"service"}' }] }
          : { text: 'done' },
      { sink, state: replay(sink.events) },
    );
    await resumed.emit({ type: 'user.message', text: 'continue' });
    await resumed.run();
    expect(resumed.state.calls.at(-1)?.proposed).toMatchObject({
      server: 'k8s-manifest-generator',
      tool: 'generate_service',
      step: 'service',
      args: { app: { name: 'blog-api' } },
    });
    expect(resumed.state.calls.at(-1)?.result?.isError).toBe(false);
  }, 60_000);
});
