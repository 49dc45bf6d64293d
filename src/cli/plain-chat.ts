// The plain-text face of a session: lines in, lines out. Used by `chat` without a
// terminal (scripts, pipes) and by `--plain`. Pending calls are answered with
// y / n REASON / a / d / e JSON; meta-commands match kubectl-ai's where they exist.
import { createInterface } from 'node:readline';
import type { EventOf, SessionEvent } from '../sessions/events.js';
import type { SessionEngine, UserDecision } from '../agent/engine.js';
import { chatSessionOptions, openSession, type ChatFlags } from '../agent/session-runner.js';
import { loadSystemTargets } from './system-targets.js';
import {
  describeCommandEvent,
  parseSessionCommand,
  runSessionCommand,
  type CommandSession,
} from '../agent/session-commands.js';
import type { SessionState } from '../sessions/state.js';
import { paint } from './output.js';
import { describeHints } from '../agent/approval.js';
import { safeLine, safeText } from '../terminal/safe-text.js';
import { placeholderLines } from '../mcp-client/content.js';
import { askElicitation } from './elicit-prompt.js';
import { askSampling } from './sampling-prompt.js';
import { reviewLines } from '../agent/card-lines.js';
import { stopReason } from '../agent/card-verdict.js';

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

export function printCard(p: EventOf<'tool.proposed'>, stop?: string): void {
  out(
    `${paint('bold', `? ${safeLine(p.server)}/${safeLine(p.tool)}`)} ${p.readOnly ? paint('green', '[read-only]') : paint('yellow', '[world-changing]')} (${p.callId})`,
  );
  const hints = describeHints(p.hints);
  if (hints) out(paint('yellow', `  ${hints}`));
  for (const r of p.reasons) out(`  because ${safeLine(r)}`);
  for (const d of p.diff ?? []) out(`  ${d.change.padEnd(8)} ${safeLine(d.path)} (+${d.added} −${d.removed})`);
  for (const line of reviewLines(p)) out(`  ${safeLine(line)}`);
  if (stop) out(paint('red', `  stopped: ${safeLine(stop)}`));
  out('  approve? [y]es / [n]o REASON / [a]lways allow this tool / [d]iff / [e]dit JSON / [?] help');
}

/** server/tool of each proposed call, so a decision line can name it. */
const callNames = new Map<string, string>();

export function printEvent(e: SessionEvent, write: (line: string) => void = out): void {
  const change = describeCommandEvent(e);
  if (change) return write(safeText(change));
  switch (e.type) {
    case 'tool.proposed':
      callNames.set(e.callId, `${safeLine(e.server)}/${safeLine(e.tool)}`);
      break;
    case 'assistant.message':
      write(safeText(e.text));
      break;
    case 'tool.decided':
      if (e.by !== 'user')
        write(paint('gray', `  ${e.decision} ${callNames.get(e.callId) ?? e.callId} (${safeLine(e.reason ?? e.by)})`));
      else if (e.decision === 'reject') write(paint('gray', `  rejected${e.reason ? `: ${safeLine(e.reason)}` : ''}`));
      break;
    case 'tool.result':
      if (e.isError) write(`  ${paint('red', '✗')} ${safeLine(e.text.split('\n')[0])}`);
      for (const line of placeholderLines(e.content)) write(paint('gray', `  ${safeLine(line)}`));
      break;
    case 'workspace.changed':
      for (const d of e.diff) write(paint('gray', `  ${d.change} ${safeLine(d.path)} (+${d.added} −${d.removed})`));
      break;
    case 'sampling':
      if (e.decision === 'approve')
        write(paint('gray', `  model answered ${safeLine(e.server)}: ${safeLine(e.answer ?? '')}`));
      else write(paint('gray', `  refused ${safeLine(e.server)}'s sampling request (${safeLine(e.reason ?? e.by)})`));
      break;
    case 'error':
      write(`${paint('red', 'error:')} ${safeText(e.message)}`);
      break;
    default:
  }
}

/** What the plain face needs of the engine: edits are revised there (schema-checked, re-previewed). */
type Reviser = Pick<SessionEngine, 'revise'>;

async function askDecision(
  lines: LineSource,
  first: EventOf<'tool.proposed'>,
  engine: () => Reviser,
  stop?: string,
): Promise<UserDecision> {
  let p = first;
  printCard(p, stop);
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
        {
          let args: Record<string, unknown>;
          try {
            args = JSON.parse(arg || JSON.stringify(p.args)) as Record<string, unknown>;
          } catch (err) {
            out(`edit needs the new arguments as JSON: ${safeLine((err as Error).message)}`);
            break;
          }
          // The edit is checked and proposed again; it runs only after its own y.
          const r = await engine().revise(p, args);
          if ('problem' in r) {
            out(`${paint('red', 'refused:')} ${safeLine(r.problem)}`);
            break;
          }
          p = r.proposal;
          out('edited; the call as it now stands:');
          printCard(p);
        }
        break;
      default:
        out(
          'answer y (approve), n REASON (reject), a (always allow this tool), d (show the diff), e JSON (edit the arguments)',
        );
    }
  }
}

/**
 * A line of the plain face that is not for the planner: exit/quit and clear are this face's
 * own, the session commands (the table every face shares) are carried out and their
 * notices written; undefined for a line meant for the planner.
 */
export async function plainCommand(
  line: string,
  s: CommandSession,
  write: (line: string) => void = out,
): Promise<'quit' | 'handled' | undefined> {
  const word = line.trim().replace(/^\//, '');
  if (word === 'exit' || word === 'quit') return 'quit';
  // kubectl-ai's `clear` empties the screen; a pipe has none, so there is nothing to do.
  if (word === 'clear') return 'handled';
  const intent = parseSessionCommand(line);
  if (!intent) return undefined;
  const outcome = await runSessionCommand(intent, s);
  outcome.notices.forEach((n, i) =>
    write(outcome.error && i === 0 ? `${paint('red', 'error:')} ${safeText(n)}` : safeText(n)),
  );
  // An MCP prompt's messages go to the planner as the user's line.
  if (outcome.message) await s.engine.emit({ type: 'user.message', text: outcome.message });
  return 'handled';
}

export async function runPlainChat(flags: ChatFlags): Promise<number> {
  const lines = new LineSource(process.stdin);
  let engineRef: Reviser | undefined;
  const session = await openSession({
    ...chatSessionOptions(flags, loadSystemTargets),
    approver: (p: EventOf<'tool.proposed'>, state: SessionState) =>
      askDecision(lines, p, () => engineRef!, stopReason(p, state.policy)),
    onEvent: (e) => printEvent(e),
    elicit: (server, request) => askElicitation(() => lines.next(), out, server, request),
    approveSampling: (server, request) => askSampling(() => lines.next(), out, server, request),
    llm: async (hub) =>
      (await import('../agent/planners/llm-setup.js')).createLlmPlanner(hub, {
        model: flags.model,
        contextTokens: flags.contextTokens,
        maxTokensPerSession: flags.maxTokensPerSession,
      }),
  });
  const { engine, file } = session;
  engineRef = engine;
  out(
    paint(
      'gray',
      `session ${file.id} · planner ${session.started.planner} · approval ${engine.state.policy}${session.resumed ? ' · resumed' : ''}`,
    ),
  );
  if (session.resumed && engine.state.pending)
    out(paint('yellow', 'A call was waiting for your decision when the session stopped:'));
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
      const m = await plainCommand(line, session);
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
    out(
      paint('yellow', `input closed with a call awaiting approval; resume with: kaptain-kube chat --resume ${file.id}`),
    );
    await session.close();
    return 0;
  }
  await session.close(engine.state.pending ? undefined : 'input closed');
  out(paint('gray', `session ${file.id} saved; resume with: kaptain-kube chat --resume ${file.id}`));
  return 0;
}
