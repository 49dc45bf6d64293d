import { describe, expect, it } from 'vitest';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { RulesChatPlanner } from '../../src/agent/planners/rules-chat.js';
import { loadTarget } from '../../src/agent/session-runner.js';
import { McpHub } from '../../src/mcp-client/hub.js';
import { parseChatCommand, chatHelp } from '../../src/agent/commands.js';

describe('chat command language', () => {
  it('parses the documented commands and rejects bad arguments with a message', () => {
    expect(parseChatCommand('deploy fixtures/blog-api/app-config.yaml')).toEqual({
      kind: 'deploy',
      path: 'fixtures/blog-api/app-config.yaml',
    });
    expect(parseChatCommand('set cpu 1 memory 2Gi')).toEqual({ kind: 'set', cpu: '1', memory: '2Gi' });
    expect(parseChatCommand('replicas 3 to 20')).toEqual({ kind: 'replicas', min: 3, max: 20 });
    expect(parseChatCommand('replicas 9 to 3')).toEqual({ kind: 'error', message: 'minimum 9 is above maximum 3' });
    expect(parseChatCommand('profile pci')).toEqual({ kind: 'profile', profile: 'pci' });
    expect(parseChatCommand('set cpu lots')).toMatchObject({ kind: 'error' });
    expect(parseChatCommand('why database')).toEqual({ kind: 'why', component: 'database' });
    expect(parseChatCommand('what is this')).toBeUndefined();
    for (const c of [
      'deploy',
      'plan',
      'why',
      'disable',
      'enable',
      'set',
      'replicas',
      'profile',
      'diff',
      'export',
      'apply',
      'help',
    ])
      expect(chatHelp()).toContain(c);
  });
});

describe('rules planner in a conversation', () => {
  it('a change re-runs only the generators it affects, asks about those, and shows their diff', async () => {
    const hub = new McpHub();
    const sink = new MemorySink();
    const asked: string[] = [];
    const engine = new SessionEngine({
      hub,
      planner: new RulesChatPlanner(loadTarget),
      sink,
      approver: async (p) => {
        asked.push(`${p.server}/${p.tool}`);
        return { decision: 'approve' };
      },
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'yes',
    });
    await engine.emit({ type: 'user.message', text: 'deploy fixtures/blog-api/app-config.yaml' });
    expect(await engine.run()).toBe('wait');
    const firstRun = engine.state.calls.length;
    expect(asked).toEqual([]);

    await engine.emit({ type: 'policy.changed', policy: 'ask' });
    await engine.emit({ type: 'user.message', text: 'replicas 2 to 12' });
    expect(await engine.run()).toBe('wait');
    // Every generator was reconsidered, but only the ones whose output changed were put to the person.
    expect(engine.state.calls.length).toBeGreaterThan(firstRun);
    expect(asked).toEqual(
      expect.arrayContaining(['autoscaling/generate_hpa', 'k8s-manifest-generator/validate_manifests']),
    );
    expect(asked).not.toContain('k8s-manifest-generator/generate_service');
    expect(asked).not.toContain('k8s-manifest-generator/generate_configmap');
    const auto = engine.state.calls
      .slice(firstRun)
      .filter((c) => c.decision?.reason === 're-run with no change to the manifests');
    expect(auto.length).toBeGreaterThan(5);
    const hpa = engine.state.calls.filter((c) => c.proposed.tool === 'generate_hpa').at(-1)!;
    expect(hpa.change?.diff.map((d) => d.patch).join('\n')).toMatch(/-\s+maxReplicas: 10[\s\S]*\+\s+maxReplicas: 12/);

    await engine.emit({ type: 'user.message', text: 'disable istio' });
    await engine.run();
    expect(Object.keys(engine.state.workspace).some((k) => k.startsWith('service-mesh/generate_'))).toBe(false);
    await hub.close();
  }, 60_000);
});
