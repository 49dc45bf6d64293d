// Model responses are size-capped: a model server whose stream never ends (the
// FakeOpenAiServer's endless mode) is cut off at the cap, the request is aborted, the
// user gets a clear message and the session goes on.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type ToolHub } from '../../src/agent/engine.js';
import { LlmPlanner } from '../../src/agent/planners/llm.js';
import type { StreamLimits } from '../../src/agent/planners/llm-limits.js';
import { FakeOpenAiServer, type ChatRequest } from '../helpers/fake-openai.js';
import { runCli } from '../helpers/cli.js';

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.stop());

const lastUser = (req: ChatRequest) =>
  String([...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '');

describe('an endless model stream', () => {
  it('through the CLI: stopped at the 1 MiB cap with a clear message, the next line is answered', async () => {
    server = new FakeOpenAiServer((req) =>
      lastUser(req).startsWith('talk forever') ? { endless: 'text' } : { text: `answered: ${lastUser(req)}` },
    );
    const home = mkdtempSync(join(tmpdir(), 'kk-endless-'));
    const env = {
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
      OPENAI_BASE_URL: await server.start(),
      OPENAI_API_KEY: 'sk-test',
      KAPTAIN_MODEL: 'scripted',
    };
    const r = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'yes'], {
      env,
      input: 'talk forever\nsay hi\n',
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Stopped reading the model's answer: the response passed 1 MiB of text");
    expect(r.stdout).toContain('answered: say hi');
    // The client hung up: the server's endless stream ended after a bounded amount.
    expect(server.endlessBytes).toHaveLength(1);
    expect(server.endlessBytes[0]).toBeLessThan(64 * 1024 * 1024);
    // Nothing of the runaway answer reached the transcript.
    const dir = join(home, 'data', 'kaptain-kube', 'sessions');
    const size = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .reduce((n, f) => n + readFileSync(join(dir, f), 'utf8').length, 0);
    expect(size).toBeLessThan(64 * 1024);
  }, 90_000);

  /** NoToolsHub: a test double standing in for McpHub when no tool may be called at all. */
  const noTools: ToolHub & { called: number } = {
    called: 0,
    async findTool() {
      return undefined;
    },
    async callTool() {
      noTools.called++;
      throw new Error('no tool may run');
    },
  };

  async function turn(limits: Partial<StreamLimits>, kind: 'text' | 'arguments') {
    server = new FakeOpenAiServer(() => ({ endless: kind }));
    const planner = new LlmPlanner({
      model: 'm',
      apiKey: 'sk-test',
      baseURL: await server.start(),
      system: 'S',
      tools: [],
      namer: { nameFor: (s, t) => `${s}_${t}`, resolve: () => undefined },
      streamLimits: limits,
      maxRetries: 0,
    });
    const engine = new SessionEngine({ hub: noTools, planner, sink: new MemorySink() });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'openai',
      policy: 'yes',
    });
    await engine.emit({ type: 'user.message', text: 'go' });
    expect(await engine.run()).toBe('wait');
    const last = engine.state.messages.at(-1)!;
    // Only the start: a failure would otherwise print a megabyte of the runaway answer.
    return { role: last.role, text: last.text.slice(0, 400) };
  }

  it('endless tool-call arguments are cut at the character cap and no call runs', async () => {
    const said = await turn({ maxChars: 64 * 1024 }, 'arguments');
    expect(said).toMatchObject({ role: 'assistant' });
    expect(said.text).toContain('the response passed 0.1 MiB of text and tool-call arguments');
    expect(noTools.called).toBe(0);
  }, 30_000);

  it('a stream that runs past the time cap is aborted', async () => {
    const said = await turn(
      {
        maxChars: Number.MAX_SAFE_INTEGER,
        maxChunks: Number.MAX_SAFE_INTEGER,
        maxBytes: Number.MAX_SAFE_INTEGER,
        maxMs: 300,
      },
      'text',
    );
    expect(said.text).toContain('the response took longer than 0.3s');
  }, 30_000);

  it('the raw byte cap stops a stream even when no single field grows', async () => {
    const said = await turn(
      { maxChars: Number.MAX_SAFE_INTEGER, maxChunks: Number.MAX_SAFE_INTEGER, maxBytes: 256 * 1024 },
      'text',
    );
    expect(said.text).toContain("Stopped reading the model's answer: the response passed 0.3 MiB");
  }, 30_000);
});
