// A card's verdict: the findings a call's result adds to the tree, with file:line, shown on the
// card; the auto-read and yes policies stop on a call that adds errors unless forced.
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { stopLine, stopReason } from '../../src/agent/card-verdict.js';
import type { Policy } from '../../src/sessions/events.js';
import { renderWorkspace } from '../../src/manifests/workspace.js';
import { objectsToYaml } from '../../src/manifests/yaml.js';
import { ToolCard } from '../../src/ui/components/ToolCard.js';
import { printCard } from '../../src/cli/plain-chat.js';
import { METRICS_FILE, metricsObjects, ReferenceHub, TwoCalls } from '../helpers/reference-hub.js';

async function session(policy: Policy, port: string, force = false) {
  const engine = new SessionEngine({
    hub: new ReferenceHub(),
    planner: new TwoCalls(port),
    sink: new MemorySink(() => 'T'),
    force,
  });
  await engine.emit({
    type: 'session.started',
    sessionId: 's',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'rules',
    policy,
  });
  return engine;
}

/** The line the Service's document starts on in the metrics file: after the ConfigMap and the separator. */
const SERVICE_LINE = objectsToYaml(metricsObjects('metricz')).split('\n').indexOf('---') + 2;

describe('the verdict on a card', () => {
  it('a call whose Service names no container port shows the new error at file:line, and auto-read stops on it', async () => {
    const engine = await session('auto-read', 'metricz');
    expect(await engine.run()).toBe('needs-approval');
    // The app passed by policy; the call that breaks the reference waits.
    expect(engine.state.calls[0].decision).toMatchObject({ decision: 'approve', by: 'policy' });
    const pending = engine.state.pending!;
    expect(pending.tool).toBe('generate_metrics');
    const line = SERVICE_LINE;
    expect(line).toBeGreaterThan(1);
    const errors = pending.verdict!.added.filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: METRICS_FILE, line, subject: 'Service/shop-metrics' });
    expect(errors.map((f) => f.message).join('\n')).toMatch(/metricz/);

    const stop = stopReason(pending, 'auto-read');
    expect(stop).toMatch(new RegExp(`demo/generate_metrics would add \\d+ errors? .*${METRICS_FILE}:${line}`));
    const frame = render(
      <ToolCard
        pending={{ call: pending, diffExpanded: false, fileIndex: 0 }}
        width={120}
        maxDiffLines={8}
        stop={stopLine(pending, 'auto-read')}
      />,
    ).lastFrame()!;
    expect(frame).toMatch(/✗ \d+ new errors?/);
    expect(frame).toContain(`${METRICS_FILE}:${line}`);
    expect(frame).toMatch(/policy "auto-read" stops here: the call adds 2 errors \(y approves it anyway\)/);
    // Nothing of it is in the tree.
    expect(renderWorkspace(engine.state.workspace).has(METRICS_FILE)).toBe(false);
  });

  it('piped chat prints the card with the new errors at file:line and why the policy stopped', async () => {
    const engine = await session('auto-read', 'metricz');
    await engine.run();
    const p = engine.state.pending!;
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    try {
      printCard(p, stopReason(p, engine.state.policy));
    } finally {
      spy.mockRestore();
    }
    const text = printed.join('');
    expect(text).toContain(`checks: ✗ 2 new errors`);
    expect(text).toContain(`${METRICS_FILE}:${SERVICE_LINE}: service-target-port: error: Service/shop-metrics`);
    expect(text).toMatch(/stopped: demo\/generate_metrics would add 2 errors .*policy "auto-read" stops on it/);
  });

  it('a call that adds no error passes auto-read, and --force runs one that does', async () => {
    const fine = await session('auto-read', 'http');
    expect(await fine.run()).toBe('wait');
    expect(fine.state.calls[1].proposed.verdict?.added.filter((f) => f.severity === 'error')).toEqual([]);

    const forced = await session('yes', 'metricz', true);
    expect(await forced.run()).toBe('wait');
    expect(forced.state.calls[1].decision).toMatchObject({ decision: 'approve', by: 'policy' });

    const yes = await session('yes', 'metricz');
    expect(await yes.run()).toBe('needs-approval');
    expect(stopReason(yes.state.pending!, 'yes')).toMatch(/policy "yes" stops on it/);
  });

  it('an edited argument that breaks the reference is shown again with its new verdict and needs its own approval', async () => {
    const engine = await session('ask', 'http');
    // ask: every call waits; approve the app by hand.
    expect(await engine.run()).toBe('needs-approval');
    await engine.decide(engine.state.pending!, { decision: 'approve' });
    expect(await engine.run()).toBe('needs-approval');
    const first = engine.state.pending!;
    expect(first.verdict?.added.filter((f) => f.severity === 'error')).toEqual([]);
    expect(first.blast?.kinds).toEqual([
      { kind: 'ConfigMap', added: 1, changed: 0, removed: 0 },
      { kind: 'Service', added: 1, changed: 0, removed: 0 },
    ]);

    const r = await engine.revise(first, { port: 'metricz' });
    if ('problem' in r) throw new Error(r.problem);
    // The same call, pending again, with the diff, verdict and blast radius of the edit.
    expect(engine.state.pending?.callId).toBe(first.callId);
    expect(r.proposal.diff?.[0].patch).toMatch(/\+.*targetPort: metricz/);
    expect(r.proposal.verdict?.added.some((f) => f.severity === 'error' && f.file === METRICS_FILE)).toBe(true);
    expect(r.proposal.blast?.kinds.map((k) => k.kind)).toEqual(['ConfigMap', 'Service']);
    expect(engine.state.calls[1].decision).toBeUndefined();
    expect(await engine.run()).toBe('needs-approval');
  });
});
