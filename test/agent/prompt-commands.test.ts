// MCP servers' prompts as slash commands (/server:prompt): parsed with name=value or
// positional arguments, run through the hub, and sent to the planner as the user's line —
// in the scripted chat and in the terminal UI alike.
import { describe, expect, it, vi } from 'vitest';
import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import { MemorySink, SessionEngine, type Planner } from '../../src/agent/engine.js';
import { parseSessionCommand, runSessionCommand, type CommandSession } from '../../src/agent/session-commands.js';
import { plainCommand } from '../../src/cli/plain-chat.js';
import { UiController } from '../../src/ui/controller.js';
import type { SessionEvent } from '../../src/sessions/events.js';

/** PromptHub: stands in for McpHub with one server, "docs", offering one prompt with a required and an optional argument. */
const hub = {
  serverNames: () => ['docs'],
  listTools: async () => [],
  listPrompts: async (): Promise<Prompt[]> => [
    {
      name: 'explain',
      description: 'Explain a topic',
      arguments: [
        { name: 'topic', required: true },
        { name: 'level', required: false },
      ],
    },
  ],
  getPrompt: async (_s: string, _n: string, args: Record<string, string>): Promise<GetPromptResult> => ({
    messages: [
      { role: 'user', content: { type: 'text', text: `Explain ${args.topic} at ${args.level ?? 'any'} level` } },
    ],
  }),
};

/** Idle: a planner standing in for either planner; waits for the user. */
const idle: Planner = { name: 'rules', next: async () => ({ type: 'wait' }) };

function session(onEvent?: (e: SessionEvent) => void): CommandSession & { engine: SessionEngine; sink: MemorySink } {
  const sink = new MemorySink(() => 'T');
  const engine = new SessionEngine({
    hub: {
      findTool: async () => undefined,
      callTool: async () => {
        throw new Error();
      },
    },
    planner: idle,
    sink,
    onEvent,
  });
  return { engine, sink, hub, file: { id: 's1' } };
}

describe('/server:prompt', () => {
  it('parses name=value, quoted and positional arguments', () => {
    expect(parseSessionCommand('/docs:explain topic="pod security" level=basic')).toEqual({
      type: 'prompt',
      server: 'docs',
      prompt: 'explain',
      args: ['topic=pod security', 'level=basic'],
    });
    expect(parseSessionCommand("/docs:explain 'network policies'")).toMatchObject({ args: ['network policies'] });
  });

  it.each([
    ['/docs:explain topic=RBAC level=basic', 'Explain RBAC at basic level'],
    ['/docs:explain RBAC', 'Explain RBAC at any level'],
  ])('%s sends the prompt to the planner as the user’s line', async (line, text) => {
    const s = session();
    expect(await plainCommand(line, s, () => {})).toBe('handled');
    expect(s.sink.events.map((e) => e.type === 'user.message' && e.text)).toEqual([text]);
  });

  it.each([
    ['/docs:explain', 'topic missing: /docs:explain topic=… [level=…]'],
    ['/docs:nope', 'docs has no prompt "nope"; /prompts lists them'],
    ['/other:explain x', 'no MCP server named "other"; /prompts lists the prompts of every server'],
  ])('%s is refused with what to do', async (line, message) => {
    const out = await runSessionCommand(parseSessionCommand(line)!, session());
    expect(out).toMatchObject({ error: true, notices: [message] });
  });

  it('/prompts lists every prompt as the command that runs it', async () => {
    const out = await runSessionCommand(parseSessionCommand('/prompts')!, session());
    expect(out.notices).toEqual(['/docs:explain topic=… [level=…] — Explain a topic']);
  });

  it('in the terminal UI: completed after "/docs:", and run as the next line to the planner', async () => {
    let c: UiController | undefined;
    const s = session((e) => c?.onEvent(e));
    c = new UiController(
      { engine: s.engine, resumed: false, started: { planner: 'rules', policy: 'ask' } as never, file: { id: 's1' } },
      { full: s },
    );
    const running = c.run();
    await vi.waitFor(() => expect(c.view.mode).toBe('input'));
    await c.key({ input: '/docs:' });
    await vi.waitFor(() => expect(c.view.completions).toEqual(['/docs:explain topic=… [level=…]']));
    await c.key({ input: 'explain Ingress' });
    await c.key({ input: '', return: true });
    await vi.waitFor(() =>
      expect(c.view.items.at(-1)).toMatchObject({ kind: 'user', text: 'Explain Ingress at any level' }),
    );
    c.stop();
    await running;
  });
});
