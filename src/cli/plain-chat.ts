// The plain-text face of a session: lines in, lines out. Used by `chat` without a
// terminal (scripts, pipes) and by `--plain`. Pending calls are answered with
// y / n REASON / a / d / e JSON; meta-commands match kubectl-ai's where they exist.
import { createInterface } from 'node:readline';
import type { EventOf, Policy, SessionEvent } from '../agent/events.js';
import type { UserDecision } from '../agent/engine.js';
import { openSession, type OpenSession } from '../agent/session-runner.js';
import type { SessionState } from '../agent/state.js';
import { chatSessionOptions, type ChatFlags } from './chat.js';
import { paint } from './output.js';
import { POLICIES } from '../agent/events.js';
import { describeHints, describePolicy } from '../agent/approval.js';
import { safeLine, safeText } from '../terminal/safe-text.js';

/** stdin closed while a call waited: the session stays resumable. */
class InputClosed extends Error {}

class LineSource {
  private readonly queue: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private closed = false;
  constructor(input: NodeJS.ReadableStream) {
    const rl = createInterface({ input, terminal: false });
    rl.on('line', (l) => (this.waiting ? (this.waiting(l), (this.waiting = undefined)) : this.queue.push(l)));
    rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
  }
  next(): Promise<string | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

const out = (s: string) => process.stdout.write(`${s}\n`);

export function printCard(p: EventOf<'tool.proposed'>): void {
  out(`${paint('bold', `? ${safeLine(p.server)}/${safeLine(p.tool)}`)} ${p.readOnly ? paint('green', '[read-only]') : paint('yellow', '[world-changing]')} (${p.callId})`);
  const hints = describeHints(p.hints);
  if (hints) out(paint('yellow', `  ${hints}`));
  for (const r of p.reasons) out(`  because ${safeLine(r)}`);
  for (const d of p.diff ?? []) out(`  ${d.change.padEnd(8)} ${safeLine(d.path)} (+${d.added} −${d.removed})`);
  out('  approve? [y]es / [n]o REASON / [a]lways allow this tool / [d]iff / [e]dit JSON / [?] help');
}

function printEvent(e: SessionEvent): void {
  switch (e.type) {
    case 'assistant.message':
      out(safeText(e.text));
      break;
    case 'tool.decided':
      if (e.by !== 'user') out(paint('gray', `  ${e.decision} (${safeLine(e.reason ?? e.by)})`));
      else if (e.decision === 'reject') out(paint('gray', `  rejected${e.reason ? `: ${safeLine(e.reason)}` : ''}`));
      break;
    case 'tool.result':
      if (e.isError) out(`  ${paint('red', '✗')} ${safeLine(e.text.split('\n')[0])}`);
      break;
    case 'workspace.changed':
      for (const d of e.diff) out(paint('gray', `  ${d.change} ${safeLine(d.path)} (+${d.added} −${d.removed})`));
      break;
    case 'error':
      out(`${paint('red', 'error:')} ${safeText(e.message)}`);
      break;
    default:
  }
}

async function askDecision(lines: LineSource, p: EventOf<'tool.proposed'>): Promise<UserDecision> {
  printCard(p);
  for (;;) {
    const line = await lines.next();
    if (line === undefined) throw new InputClosed();
    const [word] = line.trim().split(/\s+/);
    const arg = line.trim().slice(word.length).trim();
    switch (word?.toLowerCase()) {
      case 'y':
      case 'yes':
        return { decision: 'approve' };
      case 'n':
      case 'no':
        return { decision: 'reject', reason: arg || undefined };
      case 'a':
      case 'always':
        return { decision: 'always-allow' };
      case 'd':
      case 'diff':
        out(safeText((p.diff ?? []).map((d) => d.patch).join('\n')) || '(this call changes no manifest)');
        break;
      case 'e':
      case 'edit':
        try {
          const args = JSON.parse(arg || JSON.stringify(p.args)) as Record<string, unknown>;
          return { decision: 'edit', args };
        } catch (err) {
          out(`edit needs the new arguments as JSON: ${safeLine((err as Error).message)}`);
        }
        break;
      default:
        out('answer y (approve), n REASON (reject), a (always allow this tool), d (show the diff), e JSON (edit the arguments)');
    }
  }
}

async function meta(line: string, s: OpenSession): Promise<'quit' | 'handled' | undefined> {
  const [word, ...args] = line.trim().replace(/^\//, '').split(/\s+/);
  const state = s.engine.state;
  switch (word) {
    case 'exit':
    case 'quit':
      return 'quit';
    case 'permissions': {
      if (args[0] === 'revoke' && args[1]) {
        const [server, tool] = args[1].split('/');
        const rule = state.rules.find((r) => r.server === server && r.tool === (tool ?? '*'));
        if (!rule) out(`no rule for ${args[1]}`);
        else await s.engine.emit({ type: 'permissions.changed', action: 'remove', rule });
        return 'handled';
      }
      out(state.rules.length === 0 ? 'No session rules. "a" on a pending call always allows its tool.' : safeText(state.rules.map((r) => `${r.decision} ${r.server}/${r.tool} (${r.scope}) — revoke with: permissions revoke ${r.server}/${r.tool}`).join('\n')));
      return 'handled';
    }
    case 'policy': {
      const p = args[0] as Policy | undefined;
      if (!p) out(`approval policy: ${state.policy} — ${describePolicy(state.policy)}`);
      else if (!POLICIES.includes(p)) out(`policy must be one of ${POLICIES.join(', ')}`);
      else await s.engine.emit({ type: 'policy.changed', policy: p });
      return 'handled';
    }
    case 'export': {
      const dir = args.find((a) => !a.startsWith('--'));
      if (!dir) return undefined;
      const { exportSession } = await import('../sessions/export.js');
      const { writeTreeAtomically } = await import('../manifests/writer.js');
      const { outputWriteError } = await import('./output-dir.js');
      const format = args.includes('--kustomize') ? 'kustomize' : 'manifests';
      const files = exportSession(s.file.read(), format);
      try {
        await writeTreeAtomically(dir, files, { force: args.includes('--force') });
      } catch (err) {
        const refusal = outputWriteError(err, 'directory');
        if (!refusal) throw err;
        out([refusal.message, ...refusal.details].join('\n'));
        return 'handled';
      }
      await s.engine.emit({ type: 'export', format, path: dir, files: files.size });
      out(`exported ${files.size} file(s) to ${dir}`);
      return 'handled';
    }
    case 'tools':
    case 'mcp': {
      for (const server of s.hub.serverNames()) {
        const tools = await s.hub.listTools(server).catch((err: Error) => err);
        out(safeText(tools instanceof Error ? `${server}: ${tools.message}` : `${server}: ${tools.map((t) => safeLine(t.name)).join(', ')}`));
      }
      return 'handled';
    }
    case 'session':
      out(`session ${s.file.id} — ${state.calls.length} calls, policy ${state.policy}`);
      return 'handled';
    default:
      return undefined;
  }
}

export async function runPlainChat(flags: ChatFlags): Promise<number> {
  const lines = new LineSource(process.stdin);
  const session = await openSession({
    ...chatSessionOptions(flags),
    approver: (p: EventOf<'tool.proposed'>, _state: SessionState) => askDecision(lines, p),
    onEvent: (e) => printEvent(e),
    llm: async (hub) => (await import('../agent/planners/llm-setup.js')).createLlmPlanner(hub, { model: flags.model }),
  });
  const { engine, file } = session;
  out(paint('gray', `session ${file.id} · planner ${session.started.planner} · approval ${engine.state.policy}${session.resumed ? ' · resumed' : ''}`));
  if (session.resumed && engine.state.pending) out(paint('yellow', 'A call was waiting for your decision when the session stopped:'));
  try {
    for (;;) {
      // A turn that fails is reported and the chat reads the next line, as in the UI.
      const outcome = await engine.run().catch(async (err: unknown) => {
        if (err instanceof InputClosed) throw err;
        await engine.emit({ type: 'error', message: (err as Error)?.message ?? String(err) });
        return 'wait' as const;
      });
      if (outcome === 'done') break;
      const line = await lines.next();
      if (line === undefined) break;
      if (!line.trim()) continue;
      const m = await meta(line, session);
      if (m === 'quit') break;
      if (m === 'handled') continue;
      await engine.emit({ type: 'user.message', text: line.trim() });
    }
  } catch (err) {
    if (!(err instanceof InputClosed)) {
      // Servers' child processes end with the session, so a failed chat still exits.
      await session.close(`failed: ${(err as Error)?.message ?? String(err)}`).catch(() => undefined);
      throw err;
    }
    out(paint('yellow', `input closed with a call awaiting approval; resume with: kaptain-kube chat --resume ${file.id}`));
    await session.close();
    return 0;
  }
  await session.close(engine.state.pending ? undefined : 'input closed');
  out(paint('gray', `session ${file.id} saved; resume with: kaptain-kube chat --resume ${file.id}`));
  return 0;
}
