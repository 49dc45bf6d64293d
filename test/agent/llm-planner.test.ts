import { afterEach, describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type ToolHub } from '../../src/agent/engine.js';
import { LlmPlanner } from '../../src/agent/planners/llm.js';
import { replay } from '../../src/sessions/state.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import { FakeOpenAiServer, type Script } from '../helpers/fake-openai.js';

/** EchoToolHub: a test double standing in for McpHub with one read-only tool that echoes its arguments. */
class EchoToolHub implements ToolHub {
  calls: Record<string, unknown>[] = [];
  async findTool(_server: string, tool: string) {
    return tool === 'echo' ? { annotations: { readOnlyHint: true } } : undefined;
  }
  async callTool(_server: string, _tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    this.calls.push(args);
    return { isError: false, text: `echo ${JSON.stringify(args)}`, structured: { echoed: args }, raw: { content: [] } };
  }
}

/** A plain namer for the test: server_tool, as the hub's naming does for short names. */
const namer = {
  nameFor: (server: string, tool: string) => `${server}_${tool}`,
  resolve: (name: string) => (name === 'util_echo' ? { server: 'util', tool: 'echo' } : undefined),
};

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.stop());

async function session(script: Script, opts: { maxRetries?: number } = {}) {
  server = new FakeOpenAiServer(script);
  const baseURL = await server.start();
  const hub = new EchoToolHub();
  const sink = new MemorySink();
  const planner = new LlmPlanner({
    model: 'test-model',
    apiKey: 'sk-test',
    baseURL,
    system: 'SYSTEM PROMPT',
    tools: [
      {
        server: 'util',
        name: 'echo',
        description: 'Echo',
        inputSchema: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } },
      },
    ],
    namer,
    maxRetries: opts.maxRetries,
  });
  const engine = new SessionEngine({ hub, planner, sink });
  await engine.emit({
    type: 'session.started',
    sessionId: 's',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'openai',
    policy: 'yes',
  });
  return { engine, hub, sink, planner, baseURL };
}

describe('LLM planner against an OpenAI-compatible server', () => {
  it('streams text, runs tool calls through the gate, and sends results back with faithful schemas', async () => {
    const { engine, hub } = await session((_req, i) =>
      i === 0
        ? {
            text: 'Let me check.',
            toolCalls: [
              { name: 'util_echo', arguments: '{"mode":"a"}' },
              { name: 'util_echo', arguments: '{"mode":"b"}' },
            ],
          }
        : { text: 'Done: both echoed.' },
    );
    await engine.emit({ type: 'user.message', text: 'echo twice' });
    expect(await engine.run()).toBe('wait');
    expect(hub.calls).toEqual([{ mode: 'a' }, { mode: 'b' }]);
    expect(engine.state.messages.map((m) => m.text)).toEqual(['echo twice', 'Let me check.', 'Done: both echoed.']);
    const [first, second] = server!.requests;
    expect(first.tools?.[0].function.parameters).toEqual({
      type: 'object',
      properties: { mode: { type: 'string', enum: ['a', 'b'] } },
    });
    expect(first.messages[0]).toMatchObject({ role: 'system', content: 'SYSTEM PROMPT' });
    expect(first.headers.authorization).toBe('Bearer sk-test');
    // The second request carries the assistant turn with both calls and one tool message per call.
    const assistant = second.messages.find((m) => m.role === 'assistant' && m.tool_calls);
    expect(assistant?.tool_calls?.map((c) => c.function.arguments)).toEqual(['{"mode":"a"}', '{"mode":"b"}']);
    expect(second.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual([
      expect.stringContaining('"mode":"a"'),
      expect.stringContaining('"mode":"b"'),
    ]);
  });

  it('explains a 401 instead of failing', async () => {
    const { engine, hub } = await session(() => ({
      status: 401,
      error: { message: 'Incorrect API key provided', type: 'invalid_request_error' },
    }));
    await engine.emit({ type: 'user.message', text: 'hi' });
    expect(await engine.run()).toBe('wait');
    expect(engine.state.messages.at(-1)?.text).toMatch(/rejected the credentials \(401\).*OPENAI_API_KEY/);
    expect(hub.calls).toEqual([]);
  });

  it('retries 429 with backoff and then succeeds', async () => {
    const { engine } = await session(
      (_req, i) =>
        i < 2
          ? { status: 429, error: { message: 'Rate limit reached' }, headers: { 'retry-after-ms': '10' } }
          : { text: 'ok after retries' },
      { maxRetries: 3 },
    );
    await engine.emit({ type: 'user.message', text: 'hi' });
    await engine.run();
    expect(server!.requests).toHaveLength(3);
    expect(engine.state.messages.at(-1)?.text).toBe('ok after retries');
  });

  it('gives up on persistent 429 with a clear message', async () => {
    const { engine } = await session(
      () => ({ status: 429, error: { message: 'Rate limit reached' }, headers: { 'retry-after-ms': '5' } }),
      { maxRetries: 1 },
    );
    await engine.emit({ type: 'user.message', text: 'hi' });
    await engine.run();
    expect(engine.state.messages.at(-1)?.text).toMatch(/rate limiting \(429\)/);
  });

  it('does not run malformed tool calls and asks the model to correct them', async () => {
    const { engine, hub } = await session((_req, i) =>
      i === 0
        ? {
            toolCalls: [
              { name: 'util_echo', arguments: '{"mode": "a"' },
              { name: 'util_nope', arguments: '{}' },
            ],
          }
        : i === 1
          ? { toolCalls: [{ name: 'util_echo', arguments: '{"mode":"b"}' }] }
          : { text: 'fixed' },
    );
    await engine.emit({ type: 'user.message', text: 'go' });
    await engine.run();
    expect(hub.calls).toEqual([{ mode: 'b' }]);
    const correction = server!.requests[1].messages.at(-1);
    expect(correction?.content).toMatch(/not valid JSON/);
    expect(correction?.content).toMatch(/util_nope: there is no such tool/);
  });

  it('explains context overflow', async () => {
    const { engine } = await session(() => ({
      status: 400,
      error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' },
    }));
    await engine.emit({ type: 'user.message', text: 'hi' });
    await engine.run();
    expect(engine.state.messages.at(-1)?.text).toMatch(/no longer fits the model's context window/);
  });

  it('rebuilds the model context from the transcript on resume', async () => {
    const { engine, sink, baseURL } = await session((_req, i) =>
      i === 0 ? { toolCalls: [{ name: 'util_echo', arguments: '{"mode":"a"}' }] } : { text: `answer ${i}` },
    );
    await engine.emit({ type: 'user.message', text: 'first' });
    await engine.run();
    const before = server!.requests.length;
    // A new planner (as after a restart) sees the same history.
    const planner2 = new LlmPlanner({
      model: 'test-model',
      apiKey: 'k',
      baseURL,
      system: 'SYSTEM PROMPT',
      tools: [],
      namer,
    });
    const resumed = new SessionEngine({ hub: new EchoToolHub(), planner: planner2, sink, state: replay(sink.events) });
    await resumed.emit({ type: 'user.message', text: 'second' });
    await resumed.run();
    const req = server!.requests[before];
    expect(req.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    expect(req.messages[3].content).toContain('"mode":"a"');
    expect(req.messages.at(-1)?.content).toBe('second');
  });
});
