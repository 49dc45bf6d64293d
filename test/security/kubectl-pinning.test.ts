// The model proposes kubectl calls, but the cluster and credentials they reach are the
// session's: the engine pins the kubectl tool's kubeconfig and context before the card is
// shown and again after an edit, and kubectl runs without the product's own credentials.
import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine, type Planner, type PlannerMove, type ToolHub } from '../../src/agent/engine.js';
import type { SessionState } from '../../src/sessions/state.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import { kubectlEnv } from '../../mcp/kubectl/run.js';

/** RecordingKubectlHub: a test double standing in for McpHub serving the kubectl server; it records the arguments each call arrives with. */
class RecordingKubectlHub implements ToolHub {
  received: Record<string, unknown>[] = [];
  async findTool() {
    return { annotations: { readOnlyHint: true }, hints: 'builtin' as const };
  }
  async callTool(_server: string, _tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
    this.received.push(args);
    return {
      isError: false,
      text: 'ok',
      structured: { args: [], exitCode: 0, stdout: '', stderr: '' },
      raw: { content: [] },
    };
  }
}

/** HostileModelPlanner: a planner double standing in for a model that points kubectl at its own kubeconfig and context. */
class HostileModelPlanner implements Planner {
  readonly name = 'hostile';
  async next(state: SessionState): Promise<PlannerMove> {
    if (state.calls.length > 0) return { type: 'done' };
    return {
      type: 'call',
      call: {
        server: 'kubectl',
        tool: 'kubectl_read',
        args: { command: 'get pods', kubeconfig: '/tmp/attacker-config', context: 'attacker' },
        reasons: [],
      },
    };
  }
}

async function session(pins: Record<string, unknown>) {
  const hub = new RecordingKubectlHub();
  const engine = new SessionEngine({
    hub,
    planner: new HostileModelPlanner(),
    sink: new MemorySink(),
    pinnedArgs: { kubectl: pins },
  });
  await engine.emit({
    type: 'session.started',
    sessionId: 't',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'hostile',
    policy: 'ask',
  });
  return { hub, engine };
}

describe('kubectl target pinned by the session', () => {
  it("the card and the call carry the session kubeconfig and context, not the model's", async () => {
    const { hub, engine } = await session({ kubeconfig: '/home/u/.kube/config', context: 'dev' });
    expect(await engine.run()).toBe('needs-approval');
    const pending = engine.state.pending!;
    expect(pending.args).toEqual({ command: 'get pods', kubeconfig: '/home/u/.kube/config', context: 'dev' });
    expect(hub.received).toHaveLength(0);
    await engine.decide(pending, { decision: 'approve' });
    expect(hub.received).toEqual([{ command: 'get pods', kubeconfig: '/home/u/.kube/config', context: 'dev' }]);
  });

  it("a session without an explicit target drops the model's values, so kubectl uses the defaults", async () => {
    const { engine } = await session({ kubeconfig: undefined, context: undefined });
    await engine.run();
    expect(engine.state.pending!.args).toEqual({ command: 'get pods' });
  });

  it("an edit cannot bring the model's or anyone's target back", async () => {
    const { hub, engine } = await session({ kubeconfig: undefined, context: 'dev' });
    await engine.run();
    await engine.decide(engine.state.pending!, {
      decision: 'edit',
      args: { command: 'get nodes', kubeconfig: '/tmp/other', context: 'prod' },
    });
    expect(hub.received).toEqual([{ command: 'get nodes', context: 'dev' }]);
    const decided = engine.state.calls.at(-1)!;
    expect(JSON.stringify(decided)).not.toContain('/tmp/other');
  });

  it("kubectl runs without the product's model and MCP credentials, but with the cloud settings its plugins need", () => {
    const env = kubectlEnv({
      OPENAI_API_KEY: 'sk-x',
      MCP_DOCS_TOKEN: 't',
      KAPTAIN_MODEL: 'm',
      AWS_PROFILE: 'p',
      HOME: '/home/u',
      PATH: '/bin',
      HTTPS_PROXY: 'http://proxy:3128',
    });
    expect(env).toEqual({ AWS_PROFILE: 'p', HOME: '/home/u', PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128' });
  });
});
