// In the terminal UI, a card shows its verdict and blast radius; `v` shows them in full; an
// edit (`e`) brings the card back with the verdict of the edited call, which needs its own `y`.
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { MemorySink, SessionEngine } from '../../src/agent/engine.js';
import { UiController } from '../../src/ui/controller.js';
import { App } from '../../src/ui/components/App.js';
import { METRICS_FILE, ReferenceHub, TwoCalls } from '../helpers/reference-hub.js';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await tick(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the verdict and blast radius in the terminal UI', () => {
  it('an edit that breaks a reference comes back with its new errors and waits for its own approval', async () => {
    const sink = new MemorySink(() => 'T');
    let controller: UiController;
    const engine = new SessionEngine({
      hub: new ReferenceHub(),
      planner: new TwoCalls('http'),
      sink,
      approver: (p) => controller.approver(p),
      onEvent: (e) => controller?.onEvent(e),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's1',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'ask',
    });
    controller = new UiController({ engine, resumed: false, started: engine.state.started!, file: { id: 's1' } });
    /** ScriptedEditor: a test double standing in for $EDITOR; it renames the Service's targetPort. */
    (controller as unknown as { deps: { editJson: () => Promise<string> } }).deps.editJson = async () =>
      '{"port": "metricz"}';
    const ui = render(<App controller={controller} animate={false} />);
    void controller.run();

    await until(() => controller.view.pending?.call.tool === 'generate_app', 'the app card');
    ui.stdin.write('y');
    await until(() => controller.view.pending?.call.tool === 'generate_metrics', 'the metrics card');
    await tick();
    expect(ui.lastFrame()).toContain('checks: ✓ no new findings');
    expect(ui.lastFrame()).toContain('changes: ConfigMap +1, Service +1');

    ui.stdin.write('e');
    await until(() => controller.view.pending?.call.args.port === 'metricz', 'the edited card');
    await tick();
    const frame = ui.lastFrame()!;
    expect(frame).toMatch(/checks: ✗ 2 new errors/);
    expect(frame).toMatch(new RegExp(`${METRICS_FILE}:\\d+: service-target-port`));
    expect(sink.events.filter((e) => e.type === 'tool.decided')).toHaveLength(1);

    // v shows every finding, warnings included, and hides them again.
    ui.stdin.write('v');
    await until(() => controller.view.pending?.reviewExpanded === true, 'expanded review');
    await tick();
    expect(ui.lastFrame()).toMatch(/KK-CHK-SERVICE-PORT/);
    ui.stdin.write('v');
    await until(() => controller.view.pending?.reviewExpanded === false, 'collapsed review');

    ui.stdin.write('y');
    await until(() => sink.events.filter((e) => e.type === 'tool.decided').length === 2, 'the decision');
    expect(sink.events.filter((e) => e.type === 'tool.decided').at(-1)).toMatchObject({
      decision: 'edit',
      by: 'user',
      args: { port: 'metricz' },
    });
    controller.stop();
    ui.unmount();
  });
});
