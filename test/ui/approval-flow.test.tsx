import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { MemorySink, SessionEngine, type Planner, type PlannerMove, type ToolHub } from '../../src/agent/engine.js';
import type { SessionState } from '../../src/sessions/state.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import { UiController } from '../../src/ui/controller.js';
import { App } from '../../src/ui/components/App.js';

/** FileToolHub: a test double standing in for McpHub serving a built-in server; its pure generators return one ConfigMap per call. */
class FileToolHub implements ToolHub {
  ran: string[] = [];
  async findTool(_s: string, tool: string) {
    return { annotations: { readOnlyHint: tool !== 'apply' }, hints: 'builtin' as const, pure: tool !== 'apply' };
  }
  async callTool(server: string, tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    this.ran.push(`${tool}:${JSON.stringify(args)}`);
    const name = String(args.name ?? tool);
    return {
      isError: false,
      text: 'ok',
      structured: {
        files: [
          {
            path: `k8s-manifests/${name}.yaml`,
            objects: [
              { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1\n2\n3\n4\n5\n6\n7\n8' } },
            ],
          },
        ],
        findings: [],
        reasons: [],
      },
      raw: { content: [] },
    };
  }
}

/** Proposes gen(a), gen(b), gen(c), apply, then waits for the user. */
class FourCalls implements Planner {
  readonly name = 'rules';
  async next(state: SessionState): Promise<PlannerMove> {
    const calls = [
      { tool: 'gen', args: { name: 'a' } },
      { tool: 'gen', args: { name: 'b' } },
      { tool: 'gen2', args: { name: 'c' } },
      { tool: 'gen2', args: { name: 'd' } },
    ];
    const c = calls[state.calls.length];
    return c
      ? {
          type: 'call',
          call: { server: 'srv', tool: c.tool, args: c.args, reasons: [`make ${c.args.name}`], step: c.args.name },
        }
      : { type: 'wait' };
  }
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await tick(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function setup() {
  const hub = new FileToolHub();
  const sink = new MemorySink(() => 'T');
  let controller: UiController;
  const engine = new SessionEngine({
    hub,
    planner: new FourCalls(),
    sink,
    approver: (p) => controller.approver(p),
    onEvent: (e) => controller?.onEvent(e),
  });
  await engine.emit({
    type: 'session.started',
    sessionId: 's1',
    command: 'deploy',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'rules',
    policy: 'ask',
  });
  controller = new UiController({ engine, resumed: false, started: engine.state.started!, file: { id: 's1' } });
  const ui = render(<App controller={controller} animate={false} />);
  const running = controller.run();
  return { hub, sink, engine, controller, ui, running };
}

describe('approval flow in the UI', () => {
  it('y approves, n + reason rejects, a always allows, d opens the diff pager — each recorded as events', async () => {
    const { sink, engine, controller, ui, hub } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    expect(ui.lastFrame()).toContain('srv/gen');
    expect(ui.lastFrame()).toContain('[read-only]');
    expect(ui.lastFrame()).toContain('because make a');
    expect(ui.lastFrame()).toContain('k8s-manifests/a.yaml');
    expect(ui.lastFrame()).toContain('approve? y yes');

    // d opens the whole diff in the pager; q goes back to the card.
    expect(ui.lastFrame()).toContain('more lines (d opens the whole diff)');
    ui.stdin.write('d');
    await until(() => controller.view.mode === 'pager', 'pager');
    await tick();
    expect(ui.lastFrame()).toContain('srv/gen · lines 1–');
    expect(ui.lastFrame()).toContain('── file 1/1: +');
    expect(ui.lastFrame()).not.toContain('approve? y yes');
    ui.stdin.write('q');
    await until(() => controller.view.mode === 'approval', 'card again');
    await tick();
    expect(ui.lastFrame()).toContain('approve? y yes');

    ui.stdin.write('y');
    await until(() => controller.view.pending?.call.args.name === 'b', 'second card');
    ui.stdin.write('n');
    await until(() => controller.view.mode === 'reason', 'reason prompt');
    for (const ch of 'too big') ui.stdin.write(ch);
    await tick();
    expect(ui.lastFrame()).toContain('reason (Enter to reject, Esc to go back): too big');
    ui.stdin.write('\r');
    await until(() => controller.view.pending?.call.args.name === 'c', 'third card');
    ui.stdin.write('a');
    // The always-allow rule lets the fourth call (same tool) through without asking.
    await until(() => controller.view.mode === 'input', 'input mode');

    const decisions = sink.events
      .filter((e) => e.type === 'tool.decided')
      .map((e) => (e.type === 'tool.decided' ? `${e.decision}:${e.by}:${e.reason ?? ''}` : ''));
    expect(decisions).toEqual([
      'approve:user:',
      'reject:user:too big',
      'always-allow:user:',
      expect.stringMatching(/^approve:rule:/),
    ]);
    expect(hub.ran.map((r) => r.split(':')[0])).toEqual(['gen', 'gen', 'gen2', 'gen2']);
    expect(Object.keys(engine.state.workspace).sort()).toEqual(['srv/gen', 'srv/gen2']);
    expect(ui.lastFrame()).toContain('3 approved · 1 rejected');
    controller.stop();
    ui.unmount();
  });

  it('Ctrl+C once warns, twice quits, leaving the pending call unanswered', async () => {
    const { controller, ui, engine } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    expect(await controller.key({ input: 'c', ctrl: true })).toBeUndefined();
    expect(controller.view.notice).toMatch(/press Ctrl\+C again/);
    expect(await controller.key({ input: 'c', ctrl: true })).toBe('quit');
    expect(engine.state.pending?.args).toEqual({ name: 'a' });
    controller.stop();
    ui.unmount();
  });

  it('e opens the editor on the arguments; edits are re-validated before they run', async () => {
    const { controller, ui, hub, sink } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    /** ScriptedEditor: a test double standing in for $EDITOR; returns invalid, then valid, edits. */
    const edits = ['{"name": 42}', '{"name": "edited"}'];
    (
      controller as unknown as {
        deps: {
          editJson: () => Promise<string>;
          validateArgs: (s: string, t: string, a: Record<string, unknown>) => Promise<string | undefined>;
        };
      }
    ).deps.editJson = async () => edits.shift()!;
    (
      controller as unknown as {
        deps: { validateArgs: (s: string, t: string, a: Record<string, unknown>) => Promise<string | undefined> };
      }
    ).deps.validateArgs = async (_s, _t, a) => (typeof a.name === 'string' ? undefined : 'name: expected string');
    ui.stdin.write('e');
    await until(
      () => /rejected by the tool's schema: name: expected string/.test(controller.view.notice ?? ''),
      'schema error',
    );
    expect(controller.view.mode).toBe('approval');
    ui.stdin.write('e');
    // The edit is shown again, with the diff it now causes, and nothing is decided yet.
    await until(() => controller.view.pending?.call.args.name === 'edited', 'revised card');
    await tick();
    expect(ui.lastFrame()).toContain('k8s-manifests/edited.yaml');
    expect(ui.lastFrame()).not.toContain('k8s-manifests/a.yaml');
    expect(sink.events.some((e) => e.type === 'tool.decided')).toBe(false);
    expect(sink.events.find((e) => e.type === 'tool.revised')).toMatchObject({ args: { name: 'edited' } });
    ui.stdin.write('y');
    await until(() => controller.view.pending?.call.args.name === 'b', 'next card');
    expect(sink.events.find((e) => e.type === 'tool.decided')).toMatchObject({
      decision: 'edit',
      by: 'user',
      args: { name: 'edited' },
    });
    // Previews ran with the proposed, then the edited arguments; the approved run reused the second.
    expect(hub.ran.slice(0, 3)).toEqual(['gen:{"name":"a"}', 'gen:{"name":"edited"}', 'gen:{"name":"b"}']);
    controller.stop();
    ui.unmount();
  });

  it('typed /commands and words run while a card waits and decide nothing', async () => {
    const { controller, ui, sink } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    // /permissions: every letter of it is an approval key on an empty line.
    for (const c of '/permissions') ui.stdin.write(c);
    await until(() => controller.view.input === '/permissions', 'typed line');
    expect(ui.lastFrame()).toContain('› /permissions');
    ui.stdin.write('\r');
    await until(
      () => controller.view.items.some((i) => 'text' in i && /rule|allow/i.test(i.text)),
      'permissions answer',
    );
    // :policy works the same way, and Ctrl+U / Esc clear a line without touching the card.
    for (const c of ':yes') ui.stdin.write(c);
    await until(() => controller.view.input === ':yes', 'typed :yes');
    ui.stdin.write('\u0015');
    await until(() => controller.view.input === '', 'cleared line');
    for (const c of '/a') ui.stdin.write(c);
    await until(() => controller.view.input === '/a', 'typed /a');
    ui.stdin.write('\u001b');
    await until(() => controller.view.input === '', 'escaped line');
    // /help lists the slash commands.
    for (const c of '/help') ui.stdin.write(c);
    await until(() => controller.view.input === '/help', 'typed /help');
    ui.stdin.write('\r');
    await until(
      () => controller.view.items.some((i) => 'text' in i && i.text.includes('/permissions [revoke SERVER/TOOL]')),
      'the command list',
    );
    // Any other command runs the same way; nothing is decided.
    for (const c of '/sessions') ui.stdin.write(c);
    await until(() => controller.view.input === '/sessions', 'typed /sessions');
    ui.stdin.write('\r');
    await until(() => controller.view.input === '', 'submitted');
    await tick(50);
    expect(controller.view.mode).toBe('approval');
    expect(controller.view.pending?.call.args.name).toBe('a');
    expect(sink.events.some((e) => e.type === 'tool.decided')).toBe(false);
    controller.stop();
    ui.unmount();
  });

  it('? shows the key table from the binding list', async () => {
    const { controller, ui } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    ui.stdin.write('?');
    await until(() => controller.view.mode === 'help', 'help');
    await tick();
    expect(ui.lastFrame()).toMatch(/a\s+always allow this tool for the session/);
    expect(ui.lastFrame()).toMatch(/Ctrl\+C\s+press twice to quit/);
    controller.stop();
    ui.unmount();
  });
});

describe('input arriving in one chunk', () => {
  it('text followed by a line break is typed, then submitted', async () => {
    const { controller, ui, engine } = await setup();
    await until(() => controller.view.mode === 'approval', 'first card');
    ui.stdin.write('n');
    await until(() => controller.view.mode === 'reason', 'reason prompt');
    // A paste: the reason and Enter in one read.
    await controller.key({ input: 'pasted reason\r' });
    await until(() => engine.state.calls[0].decision !== undefined, 'decision');
    expect(engine.state.calls[0].decision).toMatchObject({ decision: 'reject', reason: 'pasted reason' });
    controller.stop();
    ui.unmount();
  });
});
