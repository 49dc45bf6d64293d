// The openai planner end to end: FakeOpenAiServer (a test double of the paid API, or of
// a small local model server, on 127.0.0.1) plays a model that deploys blog-api through
// the compact tools — plan, one generate_component per step, validate — one tool call
// per turn. The built CLI runs them through the same gate, hub and transcript; every
// request is recorded and measured, and the exported manifests must equal
// deploy --generate-only's (the rules planner's), call for call.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../helpers/generate.js';
import { FakeOpenAiServer, type Script } from '../helpers/fake-openai.js';
import { tree } from '../helpers/tree.js';
import { runCli } from '../helpers/cli.js';

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.stop());

let rules: Awaited<ReturnType<typeof generate>>;
beforeAll(async () => {
  rules = await generate('blog-api');
}, 60_000);

const DONE = 'Done: the blog-api manifests are generated and validated.';

/** The scripted model: plan, each plan step by id, validate, then a closing line. */
function deployScript(steps: string[]): Script {
  const calls = [
    { name: 'plan', arguments: JSON.stringify({ config_path: 'fixtures/blog-api/app-config.yaml' }) },
    ...steps.map((s) => ({ name: 'generate_component', arguments: JSON.stringify({ component: s, app: 'blog-api' }) })),
    { name: 'validate', arguments: '{}' },
  ];
  return (_req, i) => (i < calls.length ? { toolCalls: [calls[i]] } : { text: DONE });
}

async function deploy(contextLimit?: number, extraFlags: string[] = []) {
  const steps = rules.plan.steps.filter((s) => s.id !== 'validate').map((s) => s.id);
  server = new FakeOpenAiServer(deployScript(steps), { contextLimit });
  const baseURL = await server.start();
  const home = mkdtempSync(join(tmpdir(), 'kk-llm-'));
  const env = {
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    OPENAI_BASE_URL: baseURL,
    OPENAI_API_KEY: 'sk-test-fake-key-123',
    KAPTAIN_MODEL: 'scripted-model',
  };
  const chat = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'yes', ...extraFlags], {
    env,
    input: 'deploy fixtures/blog-api/app-config.yaml\n',
    timeoutMs: 120_000,
  });
  const sizes = server.requests.map((r) => r.bytes);
  return { chat, env, home, steps, sizes, requests: server.requests, refused: server.refused };
}

async function exportTree(env: NodeJS.ProcessEnv, home: string) {
  const exported = join(home, 'export');
  expect((await runCli(['sessions', 'export', 'latest', '--output-dir', exported], { env })).code).toBe(0);
  // The export also holds the writer's record of what it wrote (.kaptain-kube-files).
  return new Map([...tree(exported)].filter(([p]) => p !== '.kaptain-kube-files'));
}

describe('openai planner through the CLI, with compact tools', () => {
  it("deploys blog-api in small requests, and the export equals the rules planner's tree call for call", async () => {
    const { chat, env, home, steps, sizes, requests } = await deploy();
    expect(chat.stderr).toBe('');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain(DONE);
    expect(requests).toHaveLength(steps.length + 3);

    const largest = Math.max(...sizes);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`blog-api deploy: ${requests.length} requests, largest ${largest} bytes, total ${total} bytes`);
    expect(largest).toBeLessThanOrEqual(16 * 1024);
    expect(total).toBeLessThanOrEqual(200 * 1024);

    // The model sees a small always-on set, not every tool's full schema; usage is asked for.
    const first = requests[0];
    expect(first.model).toBe('scripted-model');
    expect(first.stream_options).toEqual({ include_usage: true });
    expect(first.tools?.map((t) => t.function.name)).toEqual(
      expect.arrayContaining(['plan', 'generate_component', 'validate', 'find_tools', 'read_file']),
    );
    expect(first.tools?.every((t) => !JSON.stringify(t.function.parameters).includes('"securityProfile"'))).toBe(true);
    expect(first.messages.at(-1)?.content).toContain('Reference plan from the offline planner');
    // Each turn carried the previous result back, summarised: files by path and hash, not objects.
    const afterDeployment = requests[2].messages.at(-1)!;
    expect(afterDeployment).toMatchObject({ role: 'tool' });
    expect(afterDeployment.content).toMatch(/Deployment\/blog-api/);
    expect(afterDeployment.content).toMatch(/sha256 [0-9a-f]{12}/);
    expect(afterDeployment.content).not.toContain('securityContext');

    // The transcript holds the expanded calls: the rules planner's, argument for argument.
    const json = await runCli(['sessions', 'export', 'latest', '--format', 'json', '--file', '-'], { env });
    const events = JSON.parse(json.stdout).events as {
      type: string;
      server: string;
      tool: string;
      args: Record<string, unknown>;
      llm?: { name?: string };
    }[];
    const proposed = events.filter((e) => e.type === 'tool.proposed');
    const strip = (a: Record<string, unknown>) =>
      JSON.stringify(a, (k, v) => (k === 'dockerfile_path' || k === 'build_context' ? undefined : v));
    expect(proposed.map((p) => [p.server, p.tool, strip(p.args)])).toEqual(
      rules.state.calls.map((c) => [c.proposed.server, c.proposed.tool, strip(c.proposed.args)]),
    );
    expect(proposed[1].llm?.name).toBe('generate_component');
    // Usage of every request is in the transcript (the server reported it).
    const usage = events.filter((e) => e.type === 'model.usage') as unknown as {
      inputTokens: number;
      outputTokens: number;
      estimated: boolean;
    }[];
    expect(usage).toHaveLength(requests.length);
    expect(usage.every((u) => !u.estimated && u.inputTokens > 0 && u.outputTokens > 0)).toBe(true);

    expect(await exportTree(env, home)).toEqual(rules.files);
    // `sessions show` ends with the session's tokens in and out.
    const show = await runCli(['sessions', 'show', 'latest'], { env });
    const sumIn = usage.reduce((n, u) => n + u.inputTokens, 0);
    const sumOut = usage.reduce((n, u) => n + u.outputTokens, 0);
    expect(show.stdout).toContain(
      `Model usage (scripted-model, ${requests.length} requests): tokens ${sumIn} in / ${sumOut} out`,
    );
    // With a price in the settings (dollars per million tokens), a cost too.
    mkdirSync(join(home, 'config', 'kaptain-kube'), { recursive: true });
    writeFileSync(
      join(home, 'config', 'kaptain-kube', 'settings.json'),
      JSON.stringify({ prices: { 'scripted-model': { input: 2, output: 8 } } }),
    );
    const priced = await runCli(['sessions', 'show', 'latest'], { env });
    expect(priced.stdout).toContain(
      `tokens ${sumIn} in / ${sumOut} out · $${((sumIn * 2 + sumOut * 8) / 1e6).toFixed(4)}`,
    );
    // The API key never reached the transcript.
    const dir = join(home, 'data', 'kaptain-kube', 'sessions');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')))
      expect(readFileSync(join(dir, f), 'utf8')).not.toContain('sk-test-fake-key-123');
  }, 180_000);

  it('completes against a server that refuses requests over 8,192 estimated tokens', async () => {
    const { chat, env, home, refused, requests, steps } = await deploy(8192);
    expect(chat.code).toBe(0);
    expect(refused).toEqual([]);
    expect(chat.stdout).toContain(DONE);
    expect(requests).toHaveLength(steps.length + 3);
    expect(Math.max(...requests.map((r) => r.bytes)) / 4).toBeLessThanOrEqual(8192);
    expect(await exportTree(env, home)).toEqual(rules.files);
  }, 180_000);

  it('with --context-tokens 3000 against a server that refuses more, compacts older turns and still completes', async () => {
    const { chat, env, home, refused, requests, steps } = await deploy(3000, ['--context-tokens', '3000']);
    expect(chat.code).toBe(0);
    expect(refused).toEqual([]);
    expect(requests).toHaveLength(steps.length + 3);
    expect(String(requests.at(-1)!.messages[0].content)).toContain('Earlier in this session (compacted');
    expect(await exportTree(env, home)).toEqual(rules.files);
  }, 180_000);

  it('a context too small for the prompt and tools is refused before sending, with a clear message', async () => {
    const { chat, requests } = await deploy(undefined, ['--context-tokens', '600']);
    expect(chat.code).toBe(0);
    expect(requests).toHaveLength(0);
    expect(chat.stdout).toMatch(
      /Not sent: the system prompt and \d+ tool definitions \(\d+ tokens\) do not fit the model's context of 600 tokens/,
    );
  }, 60_000);

  it('--max-tokens-per-session stops the model with a clear message', async () => {
    const { chat, requests } = await deploy(undefined, ['--max-tokens-per-session', '5000']);
    expect(chat.code).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.length).toBeLessThan(10);
    expect(chat.stdout).toMatch(
      /Stopped: this session has used \d+ model tokens \(\d+ in, \d+ out\), the limit set by --max-tokens-per-session 5000/,
    );
  }, 60_000);

  it('a bad --context-tokens is a usage error (exit 2)', async () => {
    const r = await runCli(['chat', '--llm-provider', 'openai', '--context-tokens', 'lots'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"lots" is not a positive whole number of tokens');
  });
});
