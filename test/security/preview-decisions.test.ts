// Decisions before effects: only built-in generators declared pure may run before the
// approval decision (to show their diff). An external server's readOnlyHint is a hint
// unless mcp.yaml marks the server trusted, and kubectl never runs before its decision.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemorySink, SessionEngine, type Approver, type Planner, type PlannerMove } from '../../src/agent/engine.js';
import type { EventOf, Policy } from '../../src/sessions/events.js';
import type { SessionState } from '../../src/sessions/state.js';
import { printCard } from '../../src/cli/plain-chat.js';
import { parseMcpConfig } from '../../src/mcp-client/config.js';
import { externalSource } from '../../src/mcp-client/external.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { ToolCard } from '../../src/ui/components/ToolCard.js';
import { blogApi } from '../helpers/app-context.js';

const FAKE_SERVERS = fileURLToPath(new URL('./preview-fake-servers.mjs', import.meta.url));

/** ListPlanner: a planner double that proposes a fixed list of calls, one per step. */
class ListPlanner implements Planner {
  readonly name = 'list';
  constructor(private readonly calls: { server: string; tool: string; args: Record<string, unknown> }[]) {}
  async next(state: SessionState): Promise<PlannerMove> {
    const c = this.calls[state.calls.length];
    return c ? { type: 'call', call: { ...c, reasons: ['test'] } } : { type: 'done' };
  }
}

let dir: string;
let hub: McpHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A hub with the built-ins plus the lying stdio server, configured from mcp.yaml text. */
function hubWithLiar(extraKeys = ''): { hub: McpHub; marker: string } {
  dir = mkdtempSync(join(tmpdir(), 'kk-preview-'));
  const marker = join(dir, 'marker.txt');
  const yaml = `servers:\n  - name: liar\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(FAKE_SERVERS)}, ${JSON.stringify(marker)}]\n${extraKeys}`;
  const { servers, warnings } = parseMcpConfig(yaml, join(dir, 'mcp.yaml'));
  expect(warnings).toEqual([]);
  const h = new McpHub();
  h.add(externalSource(servers[0], { ...process.env, XDG_STATE_HOME: dir }));
  hub = h;
  return { hub: h, marker };
}

async function session(
  h: McpHub,
  policy: Policy,
  calls: ConstructorParameters<typeof ListPlanner>[0],
  approver?: Approver,
) {
  const sink = new MemorySink(() => 'T');
  const engine = new SessionEngine({ hub: h, planner: new ListPlanner(calls), sink, approver });
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: 'test', node: process.version },
    planner: 'list',
    policy,
  });
  return { engine, sink, outcome: await engine.run() };
}

const proposed = (sink: MemorySink) =>
  sink.events.filter((e): e is EventOf<'tool.proposed'> => e.type === 'tool.proposed');

describe('readOnlyHint liar (untrusted external server)', () => {
  it('is not run before the user answers n, and the card says its annotations are untrusted', async () => {
    const { hub: h, marker } = hubWithLiar();
    let existedWhenAsked: boolean | undefined;
    let asked: EventOf<'tool.proposed'> | undefined;
    const { engine } = await session(h, 'ask', [{ server: 'liar', tool: 'peek_config', args: {} }], async (p) => {
      existedWhenAsked = existsSync(marker);
      asked = p;
      return { decision: 'reject', reason: 'no' };
    });
    expect(existedWhenAsked).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(engine.state.calls[0].decision).toMatchObject({ decision: 'reject', by: 'user' });
    expect(asked).toMatchObject({ hints: 'untrusted', readOnly: false, annotations: { readOnlyHint: true } });
    expect(asked?.diff).toBeUndefined();

    const card = render(
      React.createElement(ToolCard, {
        pending: { call: asked!, diffExpanded: false, fileIndex: 0 },
        width: 100,
        maxDiffLines: 5,
      }),
    ).lastFrame()!;
    expect(card).toContain('[world-changing]');
    expect(card).toContain('annotations from an untrusted server: treated as world-changing');
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    try {
      printCard(asked!);
    } finally {
      write.mockRestore();
    }
    expect(lines.join('')).toContain('annotations from an untrusted server: treated as world-changing');
  });

  it('under auto-read it asks (needs-approval with nobody to answer) and has not run', async () => {
    const { hub: h, marker } = hubWithLiar();
    const { engine, outcome } = await session(h, 'auto-read', [{ server: 'liar', tool: 'peek_config', args: {} }]);
    expect(outcome).toBe('needs-approval');
    expect(engine.state.pending).toMatchObject({ tool: 'peek_config', hints: 'untrusted', readOnly: false });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('trusted external server', () => {
  it('auto-read runs its read-only tool without asking, but only after the decision (never previewed)', async () => {
    // The same double, now trusted by the user: its readOnlyHint is believed by the gate,
    // yet it still runs only after the decision. The key is accepted in any case.
    const { hub: h, marker } = hubWithLiar('    Trusted: true\n');
    let existedWhenProposed: boolean | undefined;
    const sink = new MemorySink(() => 'T');
    const engine = new SessionEngine({
      hub: h,
      planner: new ListPlanner([{ server: 'liar', tool: 'peek_config', args: {} }]),
      sink,
      onEvent: (e) => {
        if (e.type === 'tool.proposed') existedWhenProposed = existsSync(marker);
      },
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 't',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: 'test', node: process.version },
      planner: 'list',
      policy: 'auto-read',
    });
    expect(await engine.run()).toBe('done');
    expect(existedWhenProposed).toBe(false);
    expect(proposed(sink)[0]).toMatchObject({ hints: 'trusted', readOnly: true });
    expect(proposed(sink)[0].diff).toBeUndefined();
    expect(engine.state.calls[0].decision).toMatchObject({ decision: 'approve', by: 'policy', policy: 'auto-read' });
    expect(existsSync(marker)).toBe(true);
  });
});

describe('kubectl_read', () => {
  it('is not executed before the decision, nor after a rejection', async () => {
    hub = new McpHub();
    // Stands in for the cluster: counts calls instead of running kubectl.
    const callTool = vi.spyOn(hub, 'callTool').mockResolvedValue({
      isError: false,
      text: 'pods',
      structured: { args: [], exitCode: 0, stdout: '', stderr: '' },
      raw: { content: [] },
    });
    const { engine, outcome } = await session(hub, 'ask', [
      { server: 'kubectl', tool: 'kubectl_read', args: { command: '--cache-dir get delete namespace prod' } },
    ]);
    expect(outcome).toBe('needs-approval');
    expect(callTool).toHaveBeenCalledTimes(0);
    const pending = engine.state.pending!;
    expect(pending).toMatchObject({ tool: 'kubectl_read', hints: 'builtin', readOnly: true });
    expect(pending.diff).toBeUndefined();
    await engine.decide(pending, { decision: 'reject', reason: 'not now' });
    expect(callTool).toHaveBeenCalledTimes(0);
  });

  it('an approved call runs once, after its decision is recorded', async () => {
    hub = new McpHub();
    const sink = new MemorySink(() => 'T');
    const decidedAtCall: boolean[] = [];
    vi.spyOn(hub, 'callTool').mockImplementation(async () => {
      decidedAtCall.push(sink.events.some((e) => e.type === 'tool.decided'));
      return {
        isError: false,
        text: 'pods',
        structured: { args: [], exitCode: 0, stdout: '', stderr: '' },
        raw: { content: [] },
      };
    });
    const engine = new SessionEngine({
      hub,
      planner: new ListPlanner([{ server: 'kubectl', tool: 'kubectl_read', args: { command: 'get pods' } }]),
      sink,
      approver: async () => ({ decision: 'approve' }),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 't',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: 'test', node: process.version },
      planner: 'list',
      policy: 'ask',
    });
    expect(await engine.run()).toBe('done');
    expect(decidedAtCall).toEqual([true]);
  });
});

describe('built-in pure generators', () => {
  it('are still previewed: the pending call carries its diff; approving reuses the preview; an unchanged re-run needs no decision', async () => {
    hub = new McpHub();
    const callTool = vi.spyOn(hub, 'callTool');
    const gen = { server: 'k8s-manifest-generator', tool: 'generate_configmap', args: { app: blogApi() } };
    const { engine, sink, outcome } = await session(hub, 'ask', [gen, gen]);
    expect(outcome).toBe('needs-approval');
    expect(callTool).toHaveBeenCalledTimes(1);
    const pending = engine.state.pending!;
    expect(pending).toMatchObject({ hints: 'builtin', readOnly: true });
    expect(pending.diff?.[0]).toMatchObject({ change: 'added' });
    expect(pending.diff?.[0].path).toMatch(/configmap\.yaml$/);

    await engine.decide(pending, { decision: 'approve' });
    expect(callTool).toHaveBeenCalledTimes(1);
    // The same call again changes nothing: it passes by policy with nobody asked.
    expect(await engine.run()).toBe('done');
    expect(proposed(sink)).toHaveLength(2);
    expect(engine.state.calls[1].decision).toMatchObject({
      decision: 'approve',
      by: 'policy',
      reason: 're-run with no change to the manifests',
    });
  });
});
