// An edit of a pending call is a new proposal: schema-checked, re-previewed, decided on its own.
import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type Planner, type PlannerMove, type ToolHub } from '../../src/agent/engine.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import type { SessionState } from '../../src/sessions/state.js';
import { replay } from '../../src/sessions/state.js';

/** SchemaHub: a test double standing in for McpHub serving one pure built-in generator with a strict input schema. */
class SchemaHub implements ToolHub {
  ran: string[] = [];
  async findTool() {
    return {
      annotations: { readOnlyHint: true },
      hints: 'builtin' as const,
      pure: true,
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    };
  }
  async callTool(_s: string, _t: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    this.ran.push(JSON.stringify(args));
    const name = String(args.name);
    return {
      isError: false,
      text: 'ok',
      structured: {
        files: [
          {
            path: `k8s-manifests/${name}.yaml`,
            objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }],
          },
        ],
      },
      raw: { content: [] },
    };
  }
}

/** OneCall: a planner that proposes gen(a) once, then waits. */
class OneCall implements Planner {
  readonly name = 'rules';
  async next(state: SessionState): Promise<PlannerMove> {
    return state.calls.length
      ? { type: 'wait' }
      : { type: 'call', call: { server: 'srv', tool: 'gen', args: { name: 'a' }, reasons: ['make a'] } };
  }
}

describe('revising a pending call', () => {
  it('refuses arguments that do not fit the schema, re-previews a valid edit, and runs it only after its own approval', async () => {
    const hub = new SchemaHub();
    const sink = new MemorySink(() => 'T');
    const engine = new SessionEngine({ hub, planner: new OneCall(), sink });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'ask',
    });
    expect(await engine.run()).toBe('needs-approval');
    const first = engine.state.pending!;

    const bad = await engine.revise(first, { bogus: 1 });
    expect('problem' in bad && bad.problem).toMatch(/do not fit srv\/gen: .*name/);
    expect(sink.events.some((e) => e.type === 'tool.revised')).toBe(false);

    const ok = await engine.revise(first, { name: 'b' });
    if ('problem' in ok) throw new Error(ok.problem);
    expect(ok.proposal.diff?.map((d) => d.path)).toEqual(['k8s-manifests/b.yaml']);
    // Nothing is decided or written yet; the call still waits, now with the edit.
    expect(engine.state.pending?.args).toEqual({ name: 'b' });
    expect(Object.keys(engine.state.workspace)).toEqual([]);
    // The planner's record keeps what it proposed, so it does not propose it again.
    expect(engine.state.calls[0].proposed.args).toEqual({ name: 'a' });

    await engine.decide(engine.state.pending!, { decision: 'approve' });
    expect(sink.events.find((e) => e.type === 'tool.decided')).toMatchObject({
      decision: 'edit',
      by: 'user',
      args: { name: 'b' },
    });
    expect(hub.ran).toEqual(['{"name":"a"}', '{"name":"b"}']);
    expect(engine.state.calls[0].change?.files[0].path).toBe('k8s-manifests/b.yaml');
  });

  it('a transcript with a revision resumes with the revised call pending', async () => {
    const hub = new SchemaHub();
    const sink = new MemorySink(() => 'T');
    const engine = new SessionEngine({ hub, planner: new OneCall(), sink });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'ask',
    });
    await engine.run();
    await engine.revise(engine.state.pending!, { name: 'c' });
    const resumed = replay(sink.events);
    expect(resumed.pending?.args).toEqual({ name: 'c' });
    expect(resumed.pending?.diff?.[0].path).toBe('k8s-manifests/c.yaml');
  });
});
