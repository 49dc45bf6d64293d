// Scripted chat with the scripted model against @modelcontextprotocol/server-everything over
// stdio: an image result is kept (as a blob) and shown as a placeholder, the server's question
// is answered from stdin, a sampling request is approved and answered by the session's model,
// resource links are shown as URIs, a long-running call with progress completes, the server's
// prompts run as /everything:PROMPT, and the chat goes on and exits.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer, type ChatRequest } from '../helpers/fake-openai.js';
import { runCli } from '../helpers/cli.js';

const everything = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const models: FakeOpenAiServer[] = [];
afterAll(async () => Promise.all(models.map((m) => m.stop())));

/** A scripted model: each user line names a tool call; after a tool result it repeats what it saw. */
const CALLS: Record<string, { name: string; arguments: string }> = {
  'show the picture': { name: 'everything_get-tiny-image', arguments: '{}' },
  'ask me': { name: 'everything_trigger-elicitation-request', arguments: '{}' },
  'sample please': { name: 'everything_trigger-sampling-request', arguments: '{"prompt":"hello"}' },
  'links please': { name: 'everything_get-resource-links', arguments: '{"count":2}' },
  'take your time': { name: 'everything_trigger-long-running-operation', arguments: '{"duration":0.3,"steps":3}' },
};
function scriptedModel(req: ChatRequest) {
  const last = req.messages.at(-1)!;
  // A server's sampling request comes without tools, under the server's own system prompt.
  if (!req.tools && req.messages[0].content === 'You are a helpful test server.')
    return { text: `sampled: ${last.content}` };
  if (last.role === 'tool') return { text: `model saw: ${last.content}` };
  const call = CALLS[String(last.content ?? '').trim()];
  return call ? { toolCalls: [call] } : { text: `answered: ${last.content}` };
}

describe('scripted chat with server-everything', () => {
  it('image, elicitation, sampling, resource links, progress and prompts end to end', async () => {
    const model = new FakeOpenAiServer(scriptedModel);
    models.push(model);
    const home = mkdtempSync(join(tmpdir(), 'kk-everything-chat-'));
    const cfg = join(home, 'mcp.yaml');
    writeFileSync(
      cfg,
      `servers:\n  - name: everything\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(everything)}, stdio]\n`,
    );
    const env = {
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_STATE_HOME: join(home, 'state'),
      OPENAI_BASE_URL: await model.start(),
      OPENAI_API_KEY: 'sk-test',
      KAPTAIN_MODEL: 'scripted',
    };
    // Each call is approved with "y"; the question's only required field gets "Ann", the rest their defaults (blank lines).
    const input = [
      'show the picture',
      'y',
      'ask me',
      'y',
      'Ann',
      ...Array(20).fill(''),
      'sample please',
      'y', // the call
      'y', // the server's use of the model
      'links please',
      'y',
      'take your time',
      'y',
      '/everything:args-prompt city=Paris',
      '/everything:simple-prompt',
      'say hi',
      '',
    ].join('\n');
    const r = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'ask', '--mcp-config', cfg], {
      env,
      input,
      timeoutMs: 60_000,
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[image image\/png, [\d.]+ (B|KiB)\]/);
    expect(r.stdout).toContain('everything asks:');
    expect(r.stdout).toContain('answered: say hi');
    expect(r.stdout).toContain('everything asks to use the model (sampling, up to 100 tokens)');
    expect(r.stdout).toMatch(/\[resource link demo:\/\/resource\/dynamic\/(text|blob)\/\d+/);
    // The prompts' messages reach the model as the user's lines.
    expect(r.stdout).toContain("answered: What's weather in Paris?");
    expect(r.stdout).toContain('answered: This is a simple prompt without arguments.');
    // The model answered the sampling request without any tool offered.
    const sampled = model.requests.find((q) => q.messages[0].content === 'You are a helpful test server.');
    expect(sampled?.tools).toBeUndefined();

    const dir = join(home, 'data', 'kaptain-kube', 'sessions');
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const events = readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; isError?: boolean; text?: string; content?: unknown });
    const results = events.filter((e) => e.type === 'tool.result');
    expect(results).toHaveLength(5);
    // The image is in the transcript's blob store, named by content hash.
    expect(results[0].content).toEqual({ $blob: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const blob = JSON.parse(
      readFileSync(
        join(dir, file.replace(/\.jsonl$/, '.blobs'), `${(results[0].content as { $blob: string }).$blob}.json`),
        'utf8',
      ),
    );
    expect(blob[0]).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect(results[1]).toMatchObject({ isError: false });
    expect(results[1].text).toContain('Ann');
    expect(results[2]).toMatchObject({ isError: false });
    expect(results[2].text).toContain('sampled: Resource trigger-sampling-request context: hello');
    expect(events.find((e) => e.type === 'sampling')).toMatchObject({
      server: 'everything',
      decision: 'approve',
      by: 'user',
      answer: 'sampled: Resource trigger-sampling-request context: hello',
    });
    expect(results[3]).toMatchObject({ isError: false });
    expect(results[4]).toMatchObject({ isError: false });
    expect(results[4].text).toContain('Long running operation completed');
    expect(events.at(-1)?.type).toBe('session.ended');
  }, 90_000);
});
