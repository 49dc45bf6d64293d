import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Box } from 'ink';
import { Header } from '../../src/ui/components/Header.js';
import { TranscriptItemView } from '../../src/ui/components/TranscriptItemView.js';
import { DiffView } from '../../src/ui/components/DiffView.js';
import { ToolCard } from '../../src/ui/components/ToolCard.js';
import { Prompt } from '../../src/ui/components/Prompt.js';
import { StatusLine } from '../../src/ui/components/StatusLine.js';
import type { UiView } from '../../src/ui/view.js';
import { summariseArgs } from '../../src/ui/view.js';
import { diffTrees } from '../../src/manifests/diff.js';

const diff = diffTrees(
  new Map([['a.yaml', 'x: 1\n']]),
  new Map([
    ['a.yaml', 'x: 2\n'],
    ['b.yaml', Array.from({ length: 20 }, (_, i) => `k${i}: v`).join('\n') + '\n'],
  ]),
);
const call = {
  type: 'tool.proposed' as const,
  seq: 3,
  at: 't',
  callId: 'call-0001',
  server: 'k8s-manifest-generator',
  tool: 'generate_deployment',
  args: { app: { name: 'blog-api' }, dryRun: true },
  readOnly: true,
  reasons: ['every app runs as a Deployment'],
  diff,
};
const view = (patch: Partial<UiView> = {}): UiView => ({
  header: { session: '20261125-101500-ab12', planner: 'rules', policy: 'ask', cluster: 'no cluster', resumed: false },
  items: [],
  mode: 'input',
  input: '',
  reason: '',
  completions: [],
  status: { files: 4, approved: 3, rejected: 1 },
  epoch: 0,
  ...patch,
});

describe('components', () => {
  it('Header shows cluster, planner, policy and session', () => {
    const f = render(
      <Header
        header={{
          session: 's-1',
          planner: 'openai',
          model: 'gpt-x',
          policy: 'auto-read',
          cluster: 'kind-dev/blog',
          resumed: true,
        }}
        width={120}
      />,
    ).lastFrame()!;
    expect(f).toContain('KaptainKube');
    expect(f).toContain('KaptainKube · kind-dev/blog · planner openai (gpt-x) · approval auto-read');
    expect(f).toContain('session s-1 (resumed)');
  });

  it('TranscriptItemView renders each kind of finished item', () => {
    const r = (item: Parameters<typeof TranscriptItemView>[0]['item']) =>
      render(<TranscriptItemView item={item} />).lastFrame()!;
    expect(r({ id: '1', kind: 'user', text: 'deploy x' })).toBe('› deploy x');
    expect(
      r({
        id: '2',
        kind: 'call',
        server: 's',
        tool: 't',
        readOnly: true,
        decision: 'reject',
        by: 'user',
        reason: 'no',
      }),
    ).toBe('✗ rejected s/t by you — no');
    expect(r({ id: '3', kind: 'call', server: 's', tool: 't', readOnly: true, decision: 'approve', by: 'rule' })).toBe(
      '✓ approved s/t by rule',
    );
    // The policy's reason names it once, not "by policy — approved by policy".
    expect(
      r({
        id: '6',
        kind: 'call',
        server: 's',
        tool: 't',
        readOnly: true,
        decision: 'approve',
        by: 'policy',
        reason: 'approved by policy "yes"',
      }),
    ).toBe('✓ approved s/t — by policy "yes"');
    expect(
      r({
        id: '4',
        kind: 'change',
        files: [{ path: 'k8s-manifests/04-deployment.yaml', change: 'added', added: 80, removed: 0 }],
      }),
    ).toContain('added    k8s-manifests/04-deployment.yaml +80 −0');
    expect(r({ id: '5', kind: 'error', text: 'boom' })).toBe('error: boom');
    // A long list line wraps under its text, not at the left edge.
    const wrapped = render(
      <Box width={40}>
        <TranscriptItemView
          item={{ id: '7', kind: 'assistant', text: 'Plan:\n  ✓ cost: quotas and limits keep the namespace in budget' }}
        />
      </Box>,
    ).lastFrame()!;
    expect(wrapped.split('\n').slice(1)).toEqual(['  ✓ cost: quotas and limits keep the', '    namespace in budget']);
  });

  it('DiffView collapses long files, switches files and reports the rest', () => {
    const collapsed = render(<DiffView diff={diff} index={1} expanded={false} width={80} maxLines={40} />).lastFrame()!;
    // One summary line per file, the selected one marked.
    expect(collapsed).toMatch(/▸ \+20 −0 b\.yaml/);
    expect(collapsed).toMatch(/ {2}\+1 −1 a\.yaml/);
    expect(collapsed).toMatch(/… \d+ more lines \(d opens the whole diff\)/);
    const expanded = render(<DiffView diff={diff} index={1} expanded width={80} maxLines={40} />).lastFrame()!;
    expect(expanded).toContain('+k19: v');
    const first = render(<DiffView diff={diff} index={0} expanded width={80} maxLines={40} />).lastFrame()!;
    expect(first).toContain('-x: 1');
    expect(first).toContain('+x: 2');
    expect(render(<DiffView diff={[]} index={0} expanded={false} width={80} maxLines={10} />).lastFrame()).toContain(
      'no change to the manifests',
    );
  });

  it('ToolCard shows server/tool, badge, summarised arguments and reasons', () => {
    const f = render(
      <ToolCard pending={{ call, diffExpanded: false, fileIndex: 0 }} width={80} maxDiffLines={10} />,
    ).lastFrame()!;
    expect(f).toContain('k8s-manifest-generator/generate_deployment [read-only]');
    expect(f).toContain('app: blog-api, dryRun: true');
    expect(f).toContain('because every app runs as a Deployment');
    const w = render(
      <ToolCard
        pending={{ call: { ...call, readOnly: false }, diffExpanded: false, fileIndex: 0 }}
        width={80}
        maxDiffLines={10}
      />,
    ).lastFrame()!;
    expect(w).toContain('[world-changing]');
    expect(summariseArgs({ a: 'x'.repeat(100) }, 20)).toHaveLength(20);
    expect(summariseArgs({ dockerfile_path: '/srv/app/fixtures/x/Dockerfile' }, 80, '/srv/app')).toBe(
      'dockerfile_path: "fixtures/x/Dockerfile"',
    );
  });

  it('Prompt changes with the mode', () => {
    expect(render(<Prompt view={view({ mode: 'approval' })} />).lastFrame()).toContain(
      'approve? y yes · n no · a always · e edit · d diff · / command · ? help',
    );
    // A line typed on a waiting card shows as the input line, not the bar.
    const typing = render(<Prompt view={view({ mode: 'approval', input: '/pl' })} />).lastFrame()!;
    expect(typing).toContain('› /pl');
    expect(typing).toContain('the call keeps waiting');
    // The empty input line says what to type.
    expect(render(<Prompt view={view({ mode: 'input', input: '' })} />).lastFrame()).toContain('› ');
    expect(render(<Prompt view={view({ mode: 'input', input: '' })} />).lastFrame()).toContain('help lists them');
    expect(render(<Prompt view={view({ mode: 'reason', reason: 'too big' })} />).lastFrame()).toContain(
      'reason (Enter to reject, Esc to go back): too big',
    );
    expect(
      render(
        <Prompt view={view({ mode: 'input', input: '/po', completions: ['/policy [ask|auto-read|suggest|yes]'] })} />,
      ).lastFrame(),
    ).toContain('/policy [ask|auto-read|suggest|yes]');
    expect(
      render(<Prompt view={view({ mode: 'busy', busy: { label: 'running', since: 0 } })} />).lastFrame(),
    ).toContain('running (Esc cancels)');
  });

  it('StatusLine counts files and decisions and shows the elapsed time of long work', () => {
    expect(render(<StatusLine view={view()} animate={false} />).lastFrame()).toBe(
      '4 files · 3 approved · 1 rejected · ask',
    );
    const busy = render(
      <StatusLine
        view={view({ busy: { label: 'running', since: Date.now() - 5000 }, notice: 'hello' })}
        animate={false}
      />,
    ).lastFrame()!;
    expect(busy).toMatch(/^⠋ running [45]s · 4 files/);
    expect(busy).toContain('· hello');
  });
});

describe('header from the controller', () => {
  it('shows "no cluster" without a kubeconfig and context/namespace with one', async () => {
    const { UiController } = await import('../../src/ui/controller.js');
    const { MemorySink, SessionEngine } = await import('../../src/agent/engine.js');
    const engine = new SessionEngine({
      hub: {
        findTool: async () => undefined,
        callTool: async () => ({ isError: false, text: '', raw: { content: [] } }),
      },
      planner: { name: 'rules', next: async () => ({ type: 'wait' }) },
      sink: new MemorySink(),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'rules',
      policy: 'ask',
    });
    const session = { engine, resumed: false, started: engine.state.started!, file: { id: 's' } };
    expect(new UiController(session).view.header.cluster).toBe('no cluster');
    expect(new UiController(session, { cluster: 'kind-dev/blog-api' }).view.header.cluster).toBe('kind-dev/blog-api');
  });
});

describe('model usage on the status line', () => {
  it('shows the session\'s tokens in and out, "~" when estimated, and a cost with a price', () => {
    const usage = { requests: 3, inputTokens: 12_345, outputTokens: 678, estimated: false, model: 'gpt-x' };
    expect(
      render(
        <StatusLine view={view({ status: { files: 4, approved: 3, rejected: 1, usage } })} animate={false} />,
      ).lastFrame(),
    ).toBe('4 files · 3 approved · 1 rejected · ask · tokens 12.3k in / 678 out');
    expect(
      render(
        <StatusLine
          view={view({ status: { files: 4, approved: 3, rejected: 1, usage: { ...usage, estimated: true } } })}
          animate={false}
        />,
      ).lastFrame(),
    ).toContain('tokens ~12.3k in / ~678 out');
    // $2 per million in, $8 per million out: 0.02469 + 0.005424.
    expect(
      render(
        <StatusLine
          view={view({ status: { files: 4, approved: 3, rejected: 1, usage, price: { input: 2, output: 8 } } })}
          animate={false}
        />,
      ).lastFrame(),
    ).toContain('tokens 12.3k in / 678 out · $0.0301');
  });

  it('the controller adds up model.usage events of the session into the status line', async () => {
    const { UiController } = await import('../../src/ui/controller.js');
    const { MemorySink, SessionEngine } = await import('../../src/agent/engine.js');
    const engine = new SessionEngine({
      hub: {
        findTool: async () => undefined,
        callTool: async () => ({ isError: false, text: '', raw: { content: [] } }),
      },
      planner: { name: 'openai', next: async () => ({ type: 'wait' }) },
      sink: new MemorySink(),
    });
    await engine.emit({
      type: 'session.started',
      sessionId: 's',
      command: 'chat',
      inputs: { flags: {} },
      versions: { kaptainKube: '0', node: 'v24' },
      planner: 'openai',
      policy: 'ask',
    });
    const controller = new UiController({
      engine,
      resumed: false,
      started: engine.state.started!,
      file: { id: 's' },
    } as never);
    for (const [i, o] of [
      [1000, 50],
      [1500, 70],
    ])
      controller.onEvent(
        await engine.emit({ type: 'model.usage', model: 'm', inputTokens: i, outputTokens: o, estimated: false }),
      );
    expect(render(<StatusLine view={controller.view} animate={false} />).lastFrame()).toContain(
      'tokens 2500 in / 120 out',
    );
  });
});
