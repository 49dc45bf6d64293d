import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type Planner, type PlannerMove, type ToolHub } from '../../src/agent/engine.js';
import { gate } from '../../src/agent/approval.js';
import { replay, type SessionState } from '../../src/sessions/state.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';

/**
 * ScriptedToolHub: a test double standing in for McpHub serving one built-in server. It
 * knows two tools — a pure generator that returns one ConfigMap file and a world-changing "apply" —
 * and counts every call so tests can prove what ran and what did not.
 */
class ScriptedToolHub implements ToolHub {
  calls: string[] = [];
  async findTool(server: string, tool: string) {
    if (tool === 'gen') return { annotations: { readOnlyHint: true }, hints: 'builtin' as const, pure: true };
    if (tool === 'apply')
      return { annotations: { readOnlyHint: false, destructiveHint: true }, hints: 'builtin' as const };
    if (tool === 'bare') return { annotations: undefined, hints: 'builtin' as const };
    return undefined;
  }
  async callTool(server: string, tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    this.calls.push(`${server}/${tool}`);
    const name = String(args.name ?? 'app');
    const structured =
      tool === 'gen'
        ? {
            files: [
              {
                path: 'k8s-manifests/03-configmap.yaml',
                objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { A: '1' } }],
              },
            ],
            findings: [],
            reasons: [],
          }
        : { applied: true };
    return { isError: false, text: `${tool} ok`, structured, raw: { content: [] } };
  }
}

/** ListPlanner: a planner double that proposes a fixed list of calls, one per step. */
class ListPlanner implements Planner {
  readonly name = 'list';
  constructor(private readonly calls: { server: string; tool: string; args?: Record<string, unknown> }[]) {}
  async next(state: SessionState): Promise<PlannerMove> {
    const c = this.calls[state.calls.length];
    return c
      ? {
          type: 'call',
          call: {
            server: c.server,
            tool: c.tool,
            args: c.args ?? {},
            reasons: ['because'],
            step: `s${state.calls.length}`,
          },
        }
      : { type: 'done' };
  }
}

async function start(engine: SessionEngine, policy: 'ask' | 'auto-read' | 'suggest' | 'yes') {
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: 'deploy',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'list',
    policy,
  });
}

describe('approval gate', () => {
  const ro = { server: 's', tool: 'gen', readOnly: true };
  const rw = { server: 's', tool: 'apply', readOnly: false };
  it('applies each policy', () => {
    expect(gate('ask', [], ro).kind).toBe('ask');
    expect(gate('auto-read', [], ro)).toMatchObject({ kind: 'run', by: 'policy' });
    expect(gate('auto-read', [], rw).kind).toBe('ask');
    expect(gate('suggest', [], rw).kind).toBe('record-only');
    expect(gate('suggest', [], ro).kind).toBe('run');
    expect(gate('yes', [], rw)).toMatchObject({ kind: 'run', by: 'policy' });
  });
  it('an allow rule passes its tool only; a deny rule wins over everything', () => {
    const rules = [{ server: 's', tool: 'apply', decision: 'allow' as const, scope: 'session' as const }];
    expect(gate('ask', rules, rw)).toMatchObject({ kind: 'run', by: 'rule' });
    expect(gate('ask', rules, { ...rw, tool: 'other' }).kind).toBe('ask');
    expect(gate('yes', [{ server: 's', tool: '*', decision: 'deny', scope: 'session' }], rw).kind).toBe('deny');
  });
});

describe('session engine', () => {
  it('makes the transcript durable before a person is asked and before a world-changing call runs', async () => {
    // SyncLoggingSink: a MemorySink that also logs when the engine asks for durability,
    // standing in for the session file's fsync.
    const log: string[] = [];
    class SyncLoggingSink extends MemorySink {
      override async append(event: Parameters<MemorySink['append']>[0]) {
        log.push(event.type);
        return super.append(event);
      }
      sync() {
        log.push('sync');
      }
    }
    const hub = new ScriptedToolHub();
    const planner = new ListPlanner([
      { server: 's', tool: 'gen' },
      { server: 's', tool: 'apply' },
    ]);
    const engine = new SessionEngine({
      hub,
      planner,
      sink: new SyncLoggingSink(),
      approver: async (p) => {
        log.push(`asked ${p.tool}`);
        return { decision: 'approve' };
      },
      onEvent: (e) => {
        if (e.type === 'tool.result') log.push(`ran ${hub.calls.at(-1)}`);
      },
    });
    await start(engine, 'auto-read');
    await engine.run();
    // The read-only call passes by policy with no sync; the world-changing proposal is
    // synced before the person is asked, and the decision before the call runs.
    expect(log.join(' ')).toBe(
      'session.started tool.proposed tool.decided tool.result ran s/gen workspace.changed tool.proposed sync asked apply tool.decided sync tool.result ran s/apply',
    );
  });

  it('ask without anyone to answer stops with the call pending, and resume continues it', async () => {
    const hub = new ScriptedToolHub();
    const sink = new MemorySink(() => 'T');
    const planner = new ListPlanner([{ server: 's', tool: 'gen', args: { name: 'a' } }]);
    const engine = new SessionEngine({ hub, planner, sink });
    await start(engine, 'ask');
    expect(await engine.run()).toBe('needs-approval');
    expect(engine.state.pending?.tool).toBe('gen');
    // The diff was computed before any decision.
    expect(engine.state.pending?.diff?.[0]).toMatchObject({ path: 'k8s-manifests/03-configmap.yaml', change: 'added' });
    expect(Object.keys(engine.state.workspace)).toEqual([]);

    const resumed = new SessionEngine({
      hub,
      planner,
      sink,
      state: replay(sink.events),
      approver: async () => ({ decision: 'approve' }),
    });
    expect(resumed.state.pending?.callId).toBe(engine.state.pending?.callId);
    expect(await resumed.run()).toBe('done');
    expect(resumed.state.pending).toBeUndefined();
    expect(Object.keys(resumed.state.workspace)).toEqual(['s/gen']);
    expect(replay(sink.events)).toEqual(resumed.state);
  });

  it('a rejected call never runs, and its reason is recorded for the planner', async () => {
    const hub = new ScriptedToolHub();
    const sink = new MemorySink();
    const engine = new SessionEngine({
      hub,
      planner: new ListPlanner([{ server: 's', tool: 'apply' }]),
      sink,
      approver: async () => ({ decision: 'reject', reason: 'not on Fridays' }),
    });
    await start(engine, 'ask');
    await engine.run();
    expect(hub.calls).toEqual([]);
    expect(engine.state.calls[0].decision).toMatchObject({ decision: 'reject', by: 'user', reason: 'not on Fridays' });
  });

  it('always-allow adds a rule that later calls pass by; revoking it asks again', async () => {
    const hub = new ScriptedToolHub();
    const sink = new MemorySink();
    const asked: string[] = [];
    const planner = new ListPlanner([
      { server: 's', tool: 'apply' },
      { server: 's', tool: 'apply' },
      { server: 's', tool: 'apply' },
    ]);
    const engine = new SessionEngine({
      hub,
      planner,
      sink,
      approver: async (p) => {
        asked.push(p.callId);
        return asked.length === 1 ? { decision: 'always-allow' } : { decision: 'reject', reason: 'asked again' };
      },
      onEvent: (e) => {
        // Revoke the rule right after the second call ran under it.
        if (e.type === 'tool.result' && e.callId === 'call-0002')
          void engine.emit({
            type: 'permissions.changed',
            action: 'remove',
            rule: { server: 's', tool: 'apply', decision: 'allow', scope: 'session' },
          });
      },
    });
    await start(engine, 'ask');
    await engine.run();
    expect(engine.state.calls.map((c) => `${c.decision?.decision}:${c.decision?.by}`)).toEqual([
      'always-allow:user',
      'approve:rule',
      'reject:user',
    ]);
    expect(asked).toEqual(['call-0001', 'call-0003']);
    expect(engine.state.rules).toEqual([]);
  });

  it('suggest records world-changing calls without executing them; yes approves by policy', async () => {
    const hub = new ScriptedToolHub();
    const e1 = new SessionEngine({
      hub,
      planner: new ListPlanner([
        { server: 's', tool: 'gen' },
        { server: 's', tool: 'apply' },
        { server: 's', tool: 'bare' },
      ]),
      sink: new MemorySink(),
    });
    await start(e1, 'suggest');
    expect(await e1.run()).toBe('done');
    expect(e1.state.calls.map((c) => c.decision?.decision)).toEqual(['approve', 'suggested', 'suggested']);
    // Only the read-only generator ran; a tool without annotations counts as world-changing.
    expect(hub.calls).toEqual(['s/gen']);

    const hub2 = new ScriptedToolHub();
    const e2 = new SessionEngine({
      hub: hub2,
      planner: new ListPlanner([{ server: 's', tool: 'apply' }]),
      sink: new MemorySink(),
    });
    await start(e2, 'yes');
    await e2.run();
    expect(e2.state.calls[0].decision).toMatchObject({ decision: 'approve', by: 'policy', policy: 'yes' });
    expect(hub2.calls).toEqual(['s/apply']);
  });

  it('an unknown tool is rejected with a reason instead of crashing', async () => {
    const engine = new SessionEngine({
      hub: new ScriptedToolHub(),
      planner: new ListPlanner([{ server: 's', tool: 'nope' }]),
      sink: new MemorySink(),
    });
    await start(engine, 'yes');
    expect(await engine.run()).toBe('done');
    expect(engine.state.calls[0].decision?.reason).toContain('has no tool "nope"');
  });
});
