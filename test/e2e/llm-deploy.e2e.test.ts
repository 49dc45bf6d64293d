// The openai planner end to end: FakeOpenAiServer (a test double of the paid API on
// 127.0.0.1) replays, one tool call per turn, the calls the offline planner makes for
// blog-api; the built CLI runs them through the same gate, hub and transcript, and the
// exported manifests must equal deploy --generate-only's.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../helpers/generate.js';
import { FakeOpenAiServer } from '../helpers/fake-openai.js';
import { tree } from '../helpers/tree.js';
import { runCli } from '../helpers/cli.js';
import { toolNameFor } from '../../src/mcp-client/tool-names.js';


let server: FakeOpenAiServer | undefined;
afterAll(async () => server?.stop());

describe('openai planner through the CLI', () => {
  it('a scripted model deploys blog-api and the export equals the rules planner\'s tree', async () => {
    const rules = await generate('blog-api');
    const calls = rules.state.calls.map((c) => ({ name: toolNameFor(c.proposed.server, c.proposed.tool), arguments: JSON.stringify(c.proposed.args) }));
    server = new FakeOpenAiServer((_req, i) => (i < calls.length ? { toolCalls: [calls[i]] } : { text: 'Done: the blog-api manifests are generated and validated.' }));
    const baseURL = await server.start();
    const home = mkdtempSync(join(tmpdir(), 'kk-llm-'));
    const env = { XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'sk-test-fake-key-123', KAPTAIN_MODEL: 'scripted-model' };
    const chat = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'yes'], { env, input: 'deploy fixtures/blog-api/app-config.yaml\n', timeoutMs: 120_000 });
    expect(chat.stderr).toBe('');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('Done: the blog-api manifests are generated and validated.');

    // The model saw every tool with its schema, and the config it was pointed at.
    const first = server.requests[0];
    expect(first.model).toBe('scripted-model');
    expect(first.tools?.map((t) => t.function.name)).toEqual(expect.arrayContaining(['docker-analysis_analyze_dockerfile', 'k8s-manifest-generator_generate_deployment', 'cost-optimization_configure_resource_quotas']));
    expect(first.tools?.every((t) => t.function.name.length <= 64 && /^[a-zA-Z0-9_-]+$/.test(t.function.name))).toBe(true);
    expect(first.messages.at(-1)?.content).toContain('Reference plan from the offline planner');
    // Each turn carried the previous result back as a tool message.
    expect(server.requests[1].messages.at(-1)).toMatchObject({ role: 'tool' });

    const exported = join(home, 'export');
    expect((await runCli(['sessions', 'export', 'latest', '--output', exported], { env })).code).toBe(0);
    // The export also holds the writer's record of what it wrote (.kaptain-kube-files).
    expect(new Map([...tree(exported)].filter(([p]) => p !== '.kaptain-kube-files'))).toEqual(rules.files);
    // The API key never reached the transcript.
    const jsonl = readdirSync(join(home, 'data', 'kaptain-kube', 'sessions')).filter((f) => f.endsWith('.jsonl'));
    for (const f of jsonl) expect(readFileSync(join(home, 'data', 'kaptain-kube', 'sessions', f), 'utf8')).not.toContain('sk-test-fake-key-123');
  }, 180_000);
});
