// The hub turns server faults into error results (in process, over real stdio children):
// a crash is reported with the exit code and not retried for a tool that may have acted;
// an idempotent tool is retried once on a fresh process; a hung call times out by the
// server's own timeout and closing the hub ends the stuck child.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../src/mcp-client/config.js';
import { externalSource } from '../../src/mcp-client/external.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { REPO } from '../helpers/cli.js';
import { startServe } from '../helpers/serve.js';

const DOUBLES = join(REPO, 'test', 'security', 'faults-fake-servers.mjs');
const env = { ...process.env, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'kk-hub-state-')) };
let hub: McpHub | undefined;
afterEach(async () => hub?.close());

function hubWith(name: string, args: string[], timeout = 10) {
  hub = new McpHub([
    externalSource(
      serverConfigSchema().parse({ name, command: process.execPath, args: [DOUBLES, ...args], timeout }),
      env,
    ),
  ]);
  return hub;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('McpHub and misbehaving stdio servers', () => {
  it('fakeCrashingServer: a non-idempotent call is an error result naming the exit code, run once; the next call reconnects', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kk-hub-')), 'calls.log');
    const h = hubWith('crashy', ['crash', log]);
    const r = await h.callTool('crashy', 'write_note', {});
    expect(r.isError).toBe(true);
    expect(r.text).toContain('server "crashy" crashed (exit code 3) during write_note');
    expect(r.text).toContain('not run again');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    // A dropped connection is forgotten: the next call starts the server again.
    expect((await h.callTool('crashy', 'ping', {})).text).toMatch(/^pong \d+$/);
  }, 30_000);

  it('fakeCrashingServer: an idempotent tool is retried once on a new process', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'kk-hub-')), 'calls.log');
    const h = hubWith('crashy', ['crash', log]);
    await h.listTools('crashy');
    const r = await h.callTool('crashy', 'tally', {});
    expect(r).toMatchObject({ isError: false, text: 'tally 2' });
    const pids = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(new Set(pids).size).toBe(2);
  }, 30_000);

  it('an HTTP server that goes away: the call is an error result saying the connection was lost', async () => {
    const served = await startServe(['docker-analysis', '--http', '--port', '0']);
    try {
      hub = new McpHub([
        externalSource(
          serverConfigSchema().parse({ name: 'remote', url: served.urls[0], transport: 'http', timeout: 10 }),
          env,
        ),
      ]);
      expect((await hub.callTool('remote', 'estimate_resources', { language: 'go' })).isError).toBe(false);
      await served.stop();
      const r = await hub.callTool('remote', 'estimate_resources', { language: 'go' });
      expect(r.isError).toBe(true);
      expect(r.text).toContain('server "remote": connection lost during estimate_resources');
    } finally {
      await served.stop();
    }
  }, 30_000);

  it("fakeHangingServer: the call times out after the server's timeout and close() ends the child", async () => {
    const h = hubWith('stuck', ['hang'], 2);
    const pid = Number((await h.callTool('stuck', 'ping', {})).text.split(' ')[1]);
    const r = await h.callTool('stuck', 'wait_forever', {});
    expect(r).toMatchObject({ isError: true });
    expect(r.text).toContain('stuck/wait_forever timed out after 2s');
    expect(alive(pid)).toBe(true);
    await h.close();
    hub = undefined;
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
  }, 30_000);
});
