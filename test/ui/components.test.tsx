import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Header } from '../../src/ui/components/Header.js';
import { TranscriptItemView } from '../../src/ui/components/TranscriptItemView.js';
import { DiffView } from '../../src/ui/components/DiffView.js';
import { ToolCard } from '../../src/ui/components/ToolCard.js';
import { Prompt } from '../../src/ui/components/Prompt.js';
import { StatusLine } from '../../src/ui/components/StatusLine.js';
import type { UiView } from '../../src/ui/view.js';
import { summariseArgs } from '../../src/ui/view.js';
import { diffTrees } from '../../src/manifests/diff.js';

const diff = diffTrees(new Map([['a.yaml', 'x: 1\n']]), new Map([['a.yaml', 'x: 2\n'], ['b.yaml', Array.from({ length: 20 }, (_, i) => `k${i}: v`).join('\n') + '\n']]));
const call = { type: 'tool.proposed' as const, seq: 3, at: 't', callId: 'call-0001', server: 'k8s-manifest-generator', tool: 'generate_deployment', args: { app: { name: 'blog-api' }, dryRun: true }, readOnly: true, reasons: ['every app runs as a Deployment'], diff };
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
    const f = render(<Header header={{ session: 's-1', planner: 'openai', model: 'gpt-x', policy: 'auto-read', cluster: 'kind-dev/blog', resumed: true }} width={120} />).lastFrame()!;
    expect(f).toContain('KaptainKube');
    expect(f).toContain('KaptainKube · kind-dev/blog · planner openai (gpt-x) · approval auto-read');
    expect(f).toContain('session s-1 (resumed)');
  });

  it('TranscriptItemView renders each kind of finished item', () => {
    const r = (item: Parameters<typeof TranscriptItemView>[0]['item']) => render(<TranscriptItemView item={item} />).lastFrame()!;
    expect(r({ id: '1', kind: 'user', text: 'deploy x' })).toBe('› deploy x');
    expect(r({ id: '2', kind: 'call', server: 's', tool: 't', readOnly: true, decision: 'reject', by: 'user', reason: 'no' })).toBe('✗ rejected s/t by you — no');
    expect(r({ id: '3', kind: 'call', server: 's', tool: 't', readOnly: true, decision: 'approve', by: 'rule' })).toBe('✓ approved s/t by rule');
    expect(r({ id: '4', kind: 'change', files: [{ path: 'k8s-manifests/04-deployment.yaml', change: 'added', added: 80, removed: 0 }] })).toContain('added    k8s-manifests/04-deployment.yaml +80 −0');
    expect(r({ id: '5', kind: 'error', text: 'boom' })).toBe('error: boom');
  });

  it('DiffView collapses long files, switches files and reports the rest', () => {
    const collapsed = render(<DiffView diff={diff} index={1} expanded={false} width={80} maxLines={40} />).lastFrame()!;
    expect(collapsed).toContain('file 2/2: b.yaml (+20 −0)  [ ] or ←/→ to switch');
    expect(collapsed).toMatch(/… \d+ more lines \(d to expand\)/);
    const expanded = render(<DiffView diff={diff} index={1} expanded width={80} maxLines={40} />).lastFrame()!;
    expect(expanded).toContain('+k19: v');
    const first = render(<DiffView diff={diff} index={0} expanded width={80} maxLines={40} />).lastFrame()!;
    expect(first).toContain('-x: 1');
    expect(first).toContain('+x: 2');
    expect(render(<DiffView diff={[]} index={0} expanded={false} width={80} maxLines={10} />).lastFrame()).toContain('no change to the manifests');
  });

  it('ToolCard shows server/tool, badge, summarised arguments and reasons', () => {
    const f = render(<ToolCard pending={{ call, diffExpanded: false, fileIndex: 0 }} width={80} maxDiffLines={10} />).lastFrame()!;
    expect(f).toContain('k8s-manifest-generator/generate_deployment [read-only]');
    expect(f).toContain('app: blog-api, dryRun: true');
    expect(f).toContain('because every app runs as a Deployment');
    const w = render(<ToolCard pending={{ call: { ...call, readOnly: false }, diffExpanded: false, fileIndex: 0 }} width={80} maxDiffLines={10} />).lastFrame()!;
    expect(w).toContain('[world-changing]');
    expect(summariseArgs({ a: 'x'.repeat(100) }, 20)).toHaveLength(20);
    expect(summariseArgs({ dockerfile_path: '/srv/app/fixtures/x/Dockerfile' }, 80, '/srv/app')).toBe('dockerfile_path: "fixtures/x/Dockerfile"');
  });

  it('Prompt changes with the mode', () => {
    expect(render(<Prompt view={view({ mode: 'approval' })} />).lastFrame()).toContain('approve? y yes · n no · a always · e edit · d diff · ? help');
    expect(render(<Prompt view={view({ mode: 'reason', reason: 'too big' })} />).lastFrame()).toContain('reason (Enter to reject, Esc to go back): too big');
    expect(render(<Prompt view={view({ mode: 'input', input: '/po', completions: ['/policy [ask|auto-read|suggest|yes]'] })} />).lastFrame()).toContain('/policy [ask|auto-read|suggest|yes]');
    expect(render(<Prompt view={view({ mode: 'busy', busy: { label: 'running', since: 0 } })} />).lastFrame()).toContain('running (Esc cancels)');
  });

  it('StatusLine counts files and decisions and shows the elapsed time of long work', () => {
    expect(render(<StatusLine view={view()} animate={false} />).lastFrame()).toBe('4 file(s) · 3 approved · 1 rejected · ask');
    const busy = render(<StatusLine view={view({ busy: { label: 'running', since: Date.now() - 5000 }, notice: 'hello' })} animate={false} />).lastFrame()!;
    expect(busy).toMatch(/^⠋ running [45]s · 4 file\(s\)/);
    expect(busy).toContain('· hello');
  });
});

describe('header from the controller', () => {
  it('shows "no cluster" without a kubeconfig and context/namespace with one', async () => {
    const { UiController } = await import('../../src/ui/controller.js');
    const { MemorySink, SessionEngine } = await import('../../src/agent/engine.js');
    const engine = new SessionEngine({ hub: { findTool: async () => undefined, callTool: async () => ({ isError: false, text: '', raw: { content: [] } }) }, planner: { name: 'rules', next: async () => ({ type: 'wait' }) }, sink: new MemorySink() });
    await engine.emit({ type: 'session.started', sessionId: 's', command: 'chat', inputs: { flags: {} }, versions: { kaptainKube: '0', node: 'v24' }, planner: 'rules', policy: 'ask' });
    const session = { engine, resumed: false, started: engine.state.started!, file: { id: 's' } };
    expect(new UiController(session).view.header.cluster).toBe('no cluster');
    expect(new UiController(session, { cluster: 'kind-dev/blog-api' }).view.header.cluster).toBe('kind-dev/blog-api');
  });
});
