// Scripted chat with the scripted model against @modelcontextprotocol/server-everything over
// stdio: an image result is kept (as a blob) and shown as a placeholder, the server's question
// is answered from stdin, a sampling request is refused with a reason, and the chat goes on
// and exits.
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
};
function scriptedModel(req: ChatRequest) {
  const last = req.messages.at(-1)!;
  if (last.role === 'tool') return { text: `model saw: ${last.content}` };
  const call = CALLS[String(last.content ?? '').trim()];
  return call ? { toolCalls: [call] } : { text: `answered: ${last.content}` };
}

describe('scripted chat with server-everything', () => {
  it('image, elicitation and sampling end to end', async () => {
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
      'y',
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

    const dir = join(home, 'data', 'kaptain-kube', 'sessions');
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const events = readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; isError?: boolean; text?: string; content?: unknown });
    const results = events.filter((e) => e.type === 'tool.result');
    expect(results).toHaveLength(3);
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
    expect(results[2]).toMatchObject({ isError: true });
    expect(results[2].text).toContain(
      `refused "everything"'s sampling request: sampling through the session's model is not offered yet`,
    );
    expect(events.at(-1)?.type).toBe('session.ended');
  }, 90_000);
});
