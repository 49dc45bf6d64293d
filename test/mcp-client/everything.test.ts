// Our client against the reference server that exercises every MCP feature
// (@modelcontextprotocol/server-everything), started over stdio as an mcp.yaml entry would be.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMcpConfig } from '../../src/mcp-client/config.js';
import { externalSource } from '../../src/mcp-client/external.js';
import { defaultsOf, McpHost } from '../../src/mcp-client/host-capabilities.js';
import { McpHub } from '../../src/mcp-client/hub.js';

const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const state = mkdtempSync(join(tmpdir(), 'kk-everything-'));
const project = mkdtempSync(join(tmpdir(), 'kk-project-'));
const host = new McpHost([project]);
let hub: McpHub;

beforeAll(() => {
  const { servers } = parseMcpConfig(
    `servers:\n  - name: everything\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(entry)}, stdio]\n    timeout: 30\n`,
    'mcp.yaml',
    {},
  );
  hub = new McpHub([externalSource(servers[0], { ...process.env, XDG_STATE_HOME: state }, host)]);
});
afterAll(() => hub.close());

describe('server-everything over stdio', () => {
  it('lists its tools, including those offered only to clients with roots, elicitation and sampling', async () => {
    const names = (await hub.listTools('everything')).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'echo',
        'get-sum',
        'get-tiny-image',
        'get-resource-links',
        'get-roots-list',
        'trigger-elicitation-request',
        'trigger-sampling-request',
        'trigger-long-running-operation',
      ]),
    );
  });

  it('echo and get-sum answer', async () => {
    expect((await hub.callTool('everything', 'echo', { message: 'hi there' })).text).toContain('hi there');
    expect((await hub.callTool('everything', 'get-sum', { a: 2, b: 3 })).text).toContain('5');
  });

  it('an image result is kept whole and described', async () => {
    const out = await hub.callTool('everything', 'get-tiny-image', {});
    expect(out.isError).toBe(false);
    expect(out.rich?.find((b) => b.type === 'image')).toMatchObject({
      mimeType: 'image/png',
      data: expect.any(String),
    });
    expect(out.text).toMatch(/\[image image\/png, \d+(\.\d)? (B|KiB)\]/);
  });

  it('resource links come back as URIs', async () => {
    const out = await hub.callTool('everything', 'get-resource-links', { count: 2 });
    const links = out.rich?.filter((b) => b.type === 'resource_link') ?? [];
    expect(links).toHaveLength(2);
    expect(out.text).toContain(`[resource link ${String(links[0].uri)}`);
  });

  it('roots name the project directory', async () => {
    expect((await hub.callTool('everything', 'get-roots-list', {})).text).toContain(pathToFileURL(project).href);
  });

  it('elicitation is answered by the face that can ask, and refused with a reason when none can', async () => {
    host.elicit = async (_server, req) => ({
      action: 'accept',
      content: { ...defaultsOf(req), name: 'Ann', check: true, email: 'ann@example.com' },
    });
    const answered = await hub.callTool('everything', 'trigger-elicitation-request', {});
    expect(answered.isError).toBe(false);
    expect(answered.text).toContain('Ann');
    host.elicit = undefined;
    const refused = await hub.callTool('everything', 'trigger-elicitation-request', {});
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('cannot answer "everything"\'s question');
  });

  it('sampling is refused with a clear error, and the session goes on', async () => {
    const out = await hub.callTool('everything', 'trigger-sampling-request', { prompt: 'hello' });
    expect(out.isError).toBe(true);
    expect(out.text).toContain('refused "everything"\'s sampling request');
    expect((await hub.callTool('everything', 'echo', { message: 'still here' })).text).toContain('still here');
  });

  it('a long-running call reports progress through the token every call carries', async () => {
    const seen: number[] = [];
    const out = await hub.callTool(
      'everything',
      'trigger-long-running-operation',
      { duration: 0.2, steps: 2 },
      { onProgress: (p) => seen.push(p.progress) },
    );
    expect(out.isError).toBe(false);
    // The last report can cross the result on the wire, so only the earlier ones are certain.
    expect(seen[0]).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(hub.latestProgress('everything', 'trigger-long-running-operation')).toMatchObject({
      progress: seen.at(-1),
      total: 2,
    });
  });

  it('prompts are listed', async () => {
    expect((await hub.listPrompts('everything')).length).toBeGreaterThan(0);
  });

  it("logging notifications land in the server's log", async () => {
    await hub.callTool('everything', 'toggle-simulated-logging', {});
    const client = (await hub.client('everything')) as Client;
    await client.setLoggingLevel('debug');
    // The server logs on a timer; poll the file rather than sleep a fixed time.
    const log = join(state, 'kaptain-kube', 'mcp-logs', 'everything.log');
    await expect
      .poll(
        () => {
          try {
            return readFileSync(log, 'utf8');
          } catch {
            return '';
          }
        },
        { timeout: 20_000, interval: 200 },
      )
      .toMatch(/^\[[^\]]+\] (debug|info|notice|warning|error|critical|alert|emergency)\b/m);
    await hub.callTool('everything', 'toggle-simulated-logging', {});
  });
});

describe('server-everything over streamable HTTP', () => {
  it('connects over streamable HTTP (reported as such) and calls echo, image and elicitation tools', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:net');
    // A free port for the server (it takes its port from PORT).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const child = spawn(process.execPath, [entry, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr!.on('data', (d: Buffer) => /listening on port/.test(d.toString()) && resolve());
        child.once('exit', (code) => reject(new Error(`server-everything exited (${code})`)));
      });
      const { servers } = parseMcpConfig(
        `servers:\n  - name: everything-http\n    url: http://127.0.0.1:${port}/mcp\n    timeout: 30\n`,
        'mcp.yaml',
        {},
      );
      const httpHost = new McpHost([project]);
      httpHost.elicit = async (_server, req) => ({ action: 'accept', content: { ...defaultsOf(req), name: 'Bo' } });
      const source = externalSource(servers[0], { ...process.env, XDG_STATE_HOME: state }, httpHost);
      const httpHub = new McpHub([source]);
      try {
        expect((await httpHub.callTool('everything-http', 'echo', { message: 'over http' })).text).toContain(
          'over http',
        );
        expect(source.reached?.()).toBe('http');
        expect((await httpHub.callTool('everything-http', 'get-tiny-image', {})).rich?.[0]).toMatchObject({
          type: 'image',
          mimeType: 'image/png',
        });
        expect((await httpHub.callTool('everything-http', 'trigger-elicitation-request', {})).text).toContain('Bo');
      } finally {
        await httpHub.close();
      }
    } finally {
      child.kill();
    }
  }, 30_000);
});
