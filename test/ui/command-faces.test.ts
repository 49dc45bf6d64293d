// Every session command of the shared table, typed into both faces — the plain (scripted)
// chat and the terminal UI's controller — over identical sessions: the lines shown, the
// events recorded, the files exported and the policy and rules left must be the same.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MemorySink,
  SessionEngine,
  type Planner,
  type PlannerMove,
  type ToolHub,
  type UserDecision,
} from '../../src/agent/engine.js';
import { SESSION_COMMANDS, type CommandSession } from '../../src/agent/session-commands.js';
import type { SessionEvent } from '../../src/sessions/events.js';
import type { SessionState } from '../../src/sessions/state.js';
import type { ToolCallOutcome } from '../../src/mcp-client/hub.js';
import { plainCommand, printEvent } from '../../src/cli/plain-chat.js';
import { UiController, type UiSession } from '../../src/ui/controller.js';
import { parseSlash } from '../../src/ui/slash.js';
import { runCli } from '../helpers/cli.js';
import { chatHelp, parseChatCommand } from '../../src/agent/commands.js';

/** OneFileHub: stands in for McpHub with two servers — "srv", whose pure tool gen writes one ConfigMap, and "down", which fails to list its tools. */
class OneFileHub implements ToolHub {
  async findTool() {
    return { annotations: { readOnlyHint: true }, hints: 'builtin' as const, pure: true };
  }
  async callTool(_server: string, _tool: string, args: Record<string, unknown>): Promise<ToolCallOutcome> {
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
        findings: [],
        reasons: [],
      },
      raw: { content: [] },
    };
  }
  serverNames() {
    return ['srv', 'down'];
  }
  async listTools(server: string) {
    if (server === 'down') throw new Error('connection refused');
    return [{ name: 'gen' }, { name: 'gen2' }];
  }
}

/** OneCall: a planner standing in for the rules planner; proposes gen(a) once, then waits for the user. */
class OneCall implements Planner {
  readonly name = 'rules';
  async next(state: SessionState): Promise<PlannerMove> {
    return state.calls.length === 0
      ? { type: 'call', call: { server: 'srv', tool: 'gen', args: { name: 'a' }, reasons: ['make a'] } }
      : { type: 'wait' };
  }
}

/** A session after one call answered "always allow": one approved file and one rule. */
async function session(onEvent: (e: SessionEvent) => void) {
  const hub = new OneFileHub();
  const sink = new MemorySink(() => 'T');
  let listen = (_e: SessionEvent) => {};
  const approve = async (): Promise<UserDecision> => ({ decision: 'always-allow' });
  const engine = new SessionEngine({ hub, planner: new OneCall(), sink, approver: approve, onEvent: (e) => listen(e) });
  await engine.emit({
    type: 'session.started',
    sessionId: 's1',
    command: 'chat',
    inputs: { flags: {} },
    versions: { kaptainKube: '0', node: 'v24' },
    planner: 'rules',
    policy: 'ask',
  });
  await engine.run();
  listen = onEvent;
  const s: CommandSession & UiSession = {
    engine,
    hub,
    file: { id: 's1', read: () => sink.events },
    started: engine.state.started!,
    resumed: false,
  };
  return { s, sink, setup: sink.events.length };
}

interface Outcome {
  lines: string[];
  error: boolean;
  events: unknown[];
  files: Record<string, string>;
  policy: string;
  rules: unknown[];
}

const plainText = (l: string) => l.replace(/\u001b\[[0-9;]*m/g, '');

/** The scripted (piped) chat: plainCommand is what runPlainChat does with each line. */
async function viaPlain(template: string, dir: string): Promise<Outcome> {
  const line = template.split('DIR').join(dir);
  const shown: string[] = [];
  const { s, sink, setup } = await session((e) => printEvent(e, (l) => shown.push(l)));
  expect(await plainCommand(line, s, (l) => shown.push(l))).toBe('handled');
  const error = shown.some((l) => plainText(l).startsWith('error: '));
  return finish(
    shown.map((l) => plainText(l).replace(/^error: /, '')),
    error,
    s,
    sink.events.slice(setup),
    dir,
  );
}

/** The terminal UI: the line typed and submitted through the controller's key handling. */
async function viaUi(template: string, dir: string): Promise<Outcome> {
  const line = template.split('DIR').join(dir);
  let controller: UiController | undefined;
  const { s, sink, setup } = await session((e) => controller?.onEvent(e));
  controller = new UiController(s, { full: s });
  const running = controller.run();
  await vi.waitFor(() => expect(controller!.view.mode).toBe('input'));
  const before = controller.view.items.length;
  await controller.key({ input: line });
  expect(await controller.key({ input: '', return: true })).toBeUndefined();
  const items = controller.view.items.slice(before) as { kind: string; text: string }[];
  controller.stop();
  await running;
  return finish(
    items.flatMap((i) => i.text.split('\n')),
    items.some((i) => i.kind === 'error'),
    s,
    sink.events.slice(setup),
    dir,
  );
}

function finish(
  lines: string[],
  error: boolean,
  s: { engine: SessionEngine },
  events: SessionEvent[],
  dir: string,
): Outcome {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  // Each face writes under its own directory: compare with the directory named DIR.
  const norm = (x: unknown) => JSON.parse(JSON.stringify(x).split(dir).join('DIR'));
  return {
    lines: norm(lines),
    error,
    events: norm(events),
    files,
    policy: s.engine.state.policy,
    rules: s.engine.state.rules,
  };
}

/** Lines to type per command, slash and bare forms, good and bad arguments. DIR is a fresh directory per face. */
const CASES: Record<string, string[]> = {
  export: [
    '/export DIR/out',
    'export DIR/out --kustomize',
    '/export DIR/taken',
    '/export DIR/taken --force',
    '/export',
    'export a b',
  ],
  permissions: ['/permissions', 'permissions revoke srv/gen', '/permissions revoke nope/x', '/permissions revoke'],
  policy: ['/policy', 'policy yes', '/policy maybe'],
  tools: ['tools', '/tools', '/tools now'],
  mcp: ['mcp', '/mcp'],
  prompts: ['prompts', '/prompts'],
  model: ['model', '/model gpt-4.1'],
  models: ['models', '/models'],
  session: ['session', '/session'],
  sessions: ['sessions', '/sessions'],
  resume: ['/resume 20260101-0001', '/resume'],
};

describe('every session command behaves the same in the plain chat and the terminal UI', () => {
  let dataHome: string;
  beforeAll(() => {
    // `sessions` lists the store: an empty one, not the user's.
    dataHome = mkdtempSync(join(tmpdir(), 'kk-faces-data-'));
    vi.stubEnv('XDG_DATA_HOME', dataHome);
  });
  afterAll(() => vi.unstubAllEnvs());

  it('the cases cover the whole table', () => {
    expect(Object.keys(CASES).sort()).toEqual(SESSION_COMMANDS.map((c) => c.name).sort());
  });

  const all = Object.entries(CASES).flatMap(([name, lines]) => lines.map((line) => [name, line] as const));
  it.each(all)('%s: %s', async (_name, template) => {
    const dirs = [0, 1].map(() => {
      const d = mkdtempSync(join(tmpdir(), 'kk-faces-'));
      // A directory kaptain-kube did not write: export refuses it, with or without --force.
      mkdirSync(join(d, 'taken'));
      writeFileSync(join(d, 'taken', 'notes.txt'), 'mine\n');
      return d;
    });
    const plain = await viaPlain(template, dirs[0]);
    const ui = await viaUi(template, dirs[1]);
    expect(ui).toEqual(plain);
    // Something visible happened: a notice, an error or a recorded change.
    expect(plain.lines.length).toBeGreaterThan(0);
  });

  it("the outcomes are the commands' own, not the planner's help", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kk-faces-'));
    const out = await viaPlain('/export DIR/out', dir);
    expect(out.files['out/k8s-manifests/a.yaml']).toContain('kind: ConfigMap');
    expect(out.events).toEqual([
      { type: 'export', format: 'manifests', path: 'DIR/out', files: 1, seq: expect.any(Number), at: 'T' },
    ]);
    expect((await viaPlain('policy yes', dir)).policy).toBe('yes');
    expect((await viaPlain('permissions revoke srv/gen', dir)).rules).toEqual([]);
    expect((await viaPlain('models', dir)).lines.join('\n')).toContain('--model');
    expect((await viaPlain('sessions', dir)).lines).toEqual(['no sessions']);
    const tools = await viaPlain('tools', dir);
    expect(tools.lines).toEqual(['srv: gen, gen2', 'down: failed — connection refused']);
    // The chat language's word `export DIR` is a TUI command too (it used to be refused there).
    expect(parseSlash('export out')).toEqual({ type: 'export', path: 'out', kustomize: false, force: false });
    // The rules planner's chat language reads the same table: same words, same usage in its help.
    expect(parseChatCommand('export out --force')).toEqual({ kind: 'session', command: 'export' });
    expect(parseChatCommand('policy maybe')).toEqual({
      kind: 'error',
      message: 'policy must be one of ask, auto-read, suggest, yes',
    });
    expect(chatHelp()).toContain('/export DIR [--kustomize] [--force]');
  });

  it('a line that only starts with a bare word still reaches the planner in both faces', async () => {
    const { s } = await session(() => {});
    expect(await plainCommand('tools are slow today', s, () => {})).toBeUndefined();
    expect(parseSlash('tools are slow today')).toBeUndefined();
  });

  it("the built CLI, piped: kubectl-ai's words are commands, not lines for the planner", async () => {
    const r = await runCli(['chat', '--plain'], { input: 'model\nsessions\nsession\nexit\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('I understand commands only');
    expect(r.stdout).toContain('model: (rules planner, no model)');
    expect(r.stdout).toMatch(/\n\S+ +chat +\d+ events/);
    expect(r.stdout).toMatch(/session \S+ — 0 calls, policy ask/);
  });
});
