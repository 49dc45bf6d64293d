// Faults are results: a third-party MCP server that crashes mid-call or never answers
// becomes an error result in the transcript; the chat reads its next line and the
// process exits by itself. A call to a tool not known to be idempotent is never run
// twice behind the user's back. A remote server that never answers is reported as timed
// out and leaves nothing behind that keeps the process alive.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer, type ChatRequest } from '../helpers/fake-openai.js';
import { REPO, runCli } from '../helpers/cli.js';

const DOUBLES = join(REPO, 'test', 'security', 'faults-fake-servers.mjs');
const servers: FakeOpenAiServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

/** A scripted model: each user line names the tool to call; after a tool result it reports what it saw. */
function scriptedModel(toolFor: Record<string, string>) {
  return (req: ChatRequest) => {
    const last = req.messages.at(-1)!;
    if (last.role === 'tool') return { text: `model saw: ${last.content}` };
    const tool = toolFor[String(last.content ?? '').trim()];
    return tool ? { toolCalls: [{ name: tool, arguments: '{}' }] } : { text: `answered: ${last.content}` };
  };
}

async function chatWith(mcpYaml: string[], toolFor: Record<string, string>, input: string) {
  const model = new FakeOpenAiServer(scriptedModel(toolFor));
  servers.push(model);
  const home = mkdtempSync(join(tmpdir(), 'kk-faults-'));
  const cfg = join(home, 'mcp.yaml');
  writeFileSync(cfg, ['servers:', ...mcpYaml].join('\n'));
  const env = {
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    OPENAI_BASE_URL: await model.start(),
    OPENAI_API_KEY: 'sk-test',
    KAPTAIN_MODEL: 'scripted',
  };
  // The outer kill is only a safety net: a healthy run exits long before it.
  const r = await runCli(['chat', '--llm-provider', 'openai', '--approval', 'yes', '--mcp-config', cfg], {
    env,
    input,
    timeoutMs: 45_000,
  });
  const dir = join(home, 'data', 'kaptain-kube', 'sessions');
  const events = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map((l) => JSON.parse(l) as { type: string; isError?: boolean; text?: string });
  return { ...r, home, events };
}

describe('a misbehaving MCP server is a tool error, not the end of the chat', () => {
  it('fakeCrashingServer: the crash is an error result, the next line is answered, the write ran once', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kk-crashlog-')), 'calls.log');
    const r = await chatWith(
      ['  - name: crashy', '    command: node', `    args: ["${DOUBLES}", "crash", "${log}"]`],
      { 'write a note': 'crashy_write_note' },
      'write a note\nsay hi\nwrite a note\n',
    );
    const results = r.events.filter((e) => e.type === 'tool.result');
    expect(results).toHaveLength(2);
    for (const e of results) {
      expect(e.isError).toBe(true);
      expect(e.text).toMatch(/server "crashy" crashed \(exit code 3\)/);
    }
    expect(r.stdout).toContain('answered: say hi');
    // Two proposals, two runs: the dropped connection was reported, not silently retried.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
  }, 60_000);

  it("fakeHangingServer: the call times out by the server's own timeout, the chat goes on and the process exits", async () => {
    const r = await chatWith(
      ['  - name: stuck', '    command: node', `    args: ["${DOUBLES}", "hang"]`, '    timeout: 2'],
      { 'wait please': 'stuck_wait_forever' },
      'wait please\nsay hi\n',
    );
    const result = r.events.find((e) => e.type === 'tool.result');
    expect(result).toMatchObject({ isError: true });
    expect(result?.text).toMatch(/timed out after 2s/);
    expect(r.stdout).toContain('answered: say hi');
    expect(r.events.at(-1)?.type).toBe('session.ended');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('a remote MCP server that never answers', () => {
  it('fakeSilentHttpServer: `mcp list` reports it timed out and the process exits by itself', async () => {
    // fakeSilentHttpServer stands in for a remote MCP endpoint that accepts connections and never responds.
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const home = mkdtempSync(join(tmpdir(), 'kk-silent-'));
      const cfg = join(home, 'mcp.yaml');
      writeFileSync(
        cfg,
        [
          'servers:',
          '  - name: silent',
          `    url: http://127.0.0.1:${port}/mcp`,
          '    transport: http',
          '    timeout: 2',
        ].join('\n'),
      );
      const env = {
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_STATE_HOME: join(home, 'state'),
      };
      // The outer kill is only a safety net, far beyond the server's 2 s timeout.
      const r = await runCli(['mcp', 'list', '--mcp-config', cfg, '--output', 'json'], { env, timeoutMs: 45_000 });
      expect(r.code).toBe(0);
      const silentStatus = (JSON.parse(r.stdout).servers as { name: string; status: string; error?: string }[]).find(
        (s) => s.name === 'silent',
      );
      expect(silentStatus).toMatchObject({ status: 'failed' });
      expect(silentStatus?.error).toContain('timed out after 2s');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 60_000);
});
