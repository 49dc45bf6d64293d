// The bridge between the session engine and the terminal UI. Plain TypeScript: it
// holds the view, turns key presses into intents via the binding table, answers the
// approval gate and drives the engine loop. Components only render its view.
import type { EventOf, SessionEvent } from '../sessions/events.js';
import type { UserDecision } from '../agent/engine.js';
import type { SessionEngine } from '../agent/engine.js';

/** What the controller needs of a session; openSession's result has it all. */
export interface UiSession {
  engine: SessionEngine;
  resumed: boolean;
  started: EventOf<'session.started'>;
  file: { id: string };
}
import type { CommandSession } from '../agent/session-commands.js';
import { slashOutcome } from './slash-effects.js';
import { resolveKey, type KeyPress, type UiAction } from './keys.js';
import { parseSlash, SLASH_COMMANDS, type SlashIntent } from './slash.js';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { SamplingRequest } from '../agent/sampling.js';
import { PromptCompletions, SAMPLING_CARD, samplingCard } from './host-requests.js';
import { isFormView, openForm, submitForm } from './elicit-form.js';
import { callItem, itemsFor, type UiView } from './view.js';
import { safeJson, safeLine } from '../terminal/safe-text.js';
import { movePager, openPager, search, type PagerMove } from './pager.js';

const PAGER_MOVES: Record<
  'scroll-up' | 'scroll-down' | 'page-up' | 'page-down' | 'top' | 'bottom' | 'next-match',
  PagerMove
> = {
  'scroll-up': 'up',
  'scroll-down': 'down',
  'page-up': 'page-up',
  'page-down': 'page-down',
  top: 'top',
  bottom: 'bottom',
  'next-match': 'next-match',
};

export type Suspend = (fn: () => void | Promise<void>) => Promise<void>;

export interface ControllerDeps {
  /** Opens $EDITOR on JSON and returns the edited text (undefined when unchanged or cancelled). */
  editJson?: (json: string, suspend: Suspend) => Promise<string | undefined>;
  /** Validates edited arguments against the tool's input schema; returns an error message or undefined. */
  validateArgs?: (server: string, tool: string, args: Record<string, unknown>) => Promise<string | undefined>;
  /** The full session for session commands that need its servers or transcript (absent in tests that need none). */
  full?: CommandSession;
  /** "context/namespace" of the kubeconfig, when there is one. */
  cluster?: string;
  /** The model's price per million tokens, for the status line's cost (from the settings). */
  price?: import('../agent/planners/llm-usage.js').Price;
  now?: () => number;
}

type Listener = (view: UiView) => void;

export class UiController {
  view: UiView;
  private readonly listeners = new Set<Listener>();
  private answer?: (d: UserDecision) => void;
  private unanswered?: (err: Error) => void;
  private lineWaiter?: (line: string | undefined) => void;
  private readonly history: string[] = [];
  private historyIndex = 0;
  private quitArmed = false;
  /** Left with Ctrl+C (exit status 130), not /quit. */
  interrupted = false;
  private abort?: AbortController;
  private stopped = false;
  private readonly proposals = new Map<string, EventOf<'tool.proposed'>>();
  /** Hands the terminal to a child process; set by the Ink app (useApp().suspendTerminal). */
  suspend: Suspend = async (fn) => fn();

  constructor(
    private readonly session: UiSession,
    private readonly deps: ControllerDeps = {},
  ) {
    const s = session.engine.state;
    this.view = {
      header: {
        session: session.file.id,
        planner: session.started.planner,
        model: session.started.model,
        policy: s.policy,
        cluster: deps.cluster ?? 'no cluster',
        resumed: session.resumed,
      },
      items: [],
      mode: 'busy',
      input: '',
      reason: '',
      completions: [],
      status: { files: 0, approved: 0, rejected: 0 },
      epoch: 0,
    };
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<UiView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l(this.view);
  }

  /** Called by the engine for every event (wired through openSession's onEvent). */
  onEvent(e: SessionEvent): void {
    const state = this.session.engine.state;
    let items = this.view.items;
    if (e.type === 'tool.proposed') this.proposals.set(e.callId, e);
    if (e.type === 'tool.decided') {
      const p = this.proposals.get(e.callId) ?? state.calls.find((c) => c.proposed.callId === e.callId)?.proposed;
      if (p) items = [...items, callItem(p, e)];
    } else items = [...items, ...itemsFor(e)];
    const decided = state.calls.map((c) => c.decision?.decision).filter(Boolean);
    this.set({
      items,
      streaming: e.type === 'assistant.message' ? undefined : this.view.streaming,
      header: { ...this.view.header, policy: state.policy },
      status: {
        // Files, not contributions: several generators write to the same file.
        files: new Set(Object.values(state.workspace).flatMap((c) => c.files.map((f) => f.path))).size,
        approved: decided.filter((d) => d === 'approve' || d === 'always-allow' || d === 'edit').length,
        rejected: decided.filter((d) => d === 'reject').length,
        usage: state.usage,
        price: this.deps.price,
      },
    });
  }

  /** A running call's progress, on the busy line: "running server/tool 2/3 what it does now". */
  onProgress(p: { server: string; tool: string; progress: number; total?: number; message?: string }): void {
    if (this.view.mode !== 'busy' || !this.view.busy) return;
    const step = `${p.progress}${p.total !== undefined ? `/${p.total}` : ''}`;
    this.set({
      // A server's words: made safe to print before they reach the status line.
      busy: {
        ...this.view.busy,
        label: safeLine(`running ${p.server}/${p.tool} ${step}${p.message ? ` ${p.message}` : ''}`),
      },
    });
  }

  onToken(text: string): void {
    this.set({ streaming: (this.view.streaming ?? '') + text });
  }

  private formAnswer?: (r: ElicitResult) => void;

  /** Asks a server's question (MCP elicitation) with a form built from its schema. */
  elicit = (server: string, request: ElicitRequest['params']): Promise<ElicitResult> =>
    new Promise((resolve) => {
      const form = openForm(server, request);
      if (!isFormView(form)) return resolve(form);
      this.formAnswer = resolve;
      this.set({ mode: 'form', form, input: '', completions: [], busy: undefined });
    });

  private finishForm(r: ElicitResult): void {
    const answer = this.formAnswer;
    this.formAnswer = undefined;
    this.set({ mode: 'busy', form: undefined, input: '', busy: { label: 'running', since: this.now() } });
    answer?.(r);
  }

  private samplingCards = 0;

  /** Puts a server's sampling request on a card, approved or rejected like a call. */
  approveSampling = (
    server: string,
    request: SamplingRequest,
  ): Promise<{ approve: true } | { approve: false; reason?: string }> =>
    new Promise((resolve) => {
      this.answer = (d) => resolve(d.decision === 'reject' ? { approve: false, reason: d.reason } : { approve: true });
      this.unanswered = () => resolve({ approve: false, reason: 'the session was left' });
      const card = samplingCard(++this.samplingCards, server, request);
      this.set({ mode: 'approval', pending: { call: card, diffExpanded: false, fileIndex: 0 }, busy: undefined });
    });

  /** The approver the engine calls when a decision is needed. */
  approver = (p: EventOf<'tool.proposed'>): Promise<UserDecision> =>
    new Promise((resolve, reject) => {
      this.answer = resolve;
      this.unanswered = reject;
      this.set({ mode: 'approval', pending: { call: p, diffExpanded: false, fileIndex: 0 }, busy: undefined });
    });

  private decide(d: UserDecision): void {
    const answer = this.answer;
    this.answer = undefined;
    this.unanswered = undefined;
    this.set({
      mode: 'busy',
      pending: undefined,
      pager: undefined,
      reason: '',
      busy: { label: 'running', since: this.now() },
    });
    answer?.(d);
  }

  /** The servers' prompts as `/server:prompt …` completions. */
  private prompts?: PromptCompletions;

  private complete(input: string): string[] {
    this.prompts ??= new PromptCompletions(this.deps.full?.hub, () =>
      this.set({ completions: this.complete(this.view.input) }),
    );
    return this.prompts.complete(input);
  }

  /** Terminal rows, set by the screen; the pager fills them. */
  rows = 24;

  private pagerHeight(): number {
    // A title and a key line around the diff, and one row spare so the frame never scrolls.
    return Math.max(3, this.rows - 3);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Drives the engine until the user quits. */
  async run(): Promise<void> {
    const engine = this.session.engine;
    while (!this.stopped) {
      this.abort = new AbortController();
      this.set({ mode: 'busy', busy: { label: 'thinking', since: this.now() } });
      let outcome;
      try {
        outcome = await engine.run(this.abort.signal);
      } catch (err) {
        if (this.stopped) break;
        const aborted = (err as Error).name === 'AbortError' || this.abort.signal.aborted;
        this.set({
          items: [
            ...this.view.items,
            {
              id: `n${Date.now()}`,
              kind: aborted ? 'notice' : 'error',
              text: aborted ? 'cancelled' : (err as Error).message,
            },
          ],
        });
      }
      if (this.stopped) break;
      this.set({ mode: 'input', busy: undefined, pending: undefined });
      if (outcome === 'done') this.set({ notice: 'done — /export DIR writes the manifests, /quit leaves' });
      const line = await new Promise<string | undefined>((resolve) => (this.lineWaiter = resolve));
      if (line === undefined) break;
      await engine.emit({ type: 'user.message', text: line });
    }
  }

  /** Ends the loop. A call still waiting stays undecided in the transcript, so resume asks again. */
  stop(): void {
    this.stopped = true;
    this.formAnswer?.({ action: 'cancel' });
    this.unanswered?.(new Error('quit while a call was waiting for a decision'));
    this.answer = this.unanswered = undefined;
    this.abort?.abort();
    this.lineWaiter?.(undefined);
  }

  /** A key press from the terminal. Returns 'quit' when the app should exit. */
  async key(k: KeyPress): Promise<'quit' | undefined> {
    // Fast typing or a paste can deliver "text⏎more" in one chunk: each line break submits.
    if (!k.ctrl && !k.return && /[\r\n]/.test(k.input) && k.input.length > 1) {
      const parts = k.input.split(/\r\n|\r|\n/);
      for (let i = 0; i < parts.length; i++) {
        if (parts[i]) await this.key({ input: parts[i] });
        if (
          i < parts.length - 1 &&
          (this.view.mode === 'input' || this.view.mode === 'reason' || this.view.mode === 'search' || this.view.input)
        ) {
          const r = await this.key({ input: '', return: true });
          if (r === 'quit') return r;
        }
      }
      return undefined;
    }
    const resolved = resolveKey(this.view.mode, k, this.view.input !== '');
    if (!resolved) return undefined;
    // "/" or ":" on a waiting card starts the input line with itself; the card stays.
    const r = 'action' in resolved && resolved.action === 'start-input' ? { text: k.input } : resolved;
    if ('text' in r) {
      if (this.view.mode === 'search' && this.view.pager)
        this.set({ pager: { ...this.view.pager, typing: (this.view.pager.typing ?? '') + r.text } });
      else if (this.view.mode === 'reason') this.set({ reason: this.view.reason + r.text });
      else this.set({ input: this.view.input + r.text, completions: this.complete(this.view.input + r.text) });
      return undefined;
    }
    if (r.action !== 'quit') this.quitArmed = false;
    return this.act(r.action);
  }

  private async act(action: UiAction): Promise<'quit' | undefined> {
    const v = this.view;
    const p = v.pending;
    switch (action) {
      case 'approve':
        this.decide({ decision: 'approve' });
        return;
      case 'always-allow':
        this.decide({ decision: 'always-allow' });
        return;
      case 'reject':
        this.set({ mode: 'reason', reason: '' });
        return;
      case 'toggle-diff':
        if (!p) return;
        if (!p.call.diff?.length) this.set({ notice: 'this call changes no manifest' });
        else this.set({ mode: 'pager', pager: openPager(p.call.diff, this.pagerHeight(), p.fileIndex) });
        return;
      case 'toggle-review':
        if (p) this.set({ pending: { ...p, reviewExpanded: !p.reviewExpanded } });
        return;
      case 'scroll-up':
      case 'scroll-down':
      case 'page-up':
      case 'page-down':
      case 'top':
      case 'bottom':
      case 'next-match':
        if (v.pager) this.set({ pager: movePager(v.pager, PAGER_MOVES[action]) });
        return;
      case 'search':
        if (v.pager) this.set({ mode: 'search', pager: { ...v.pager, typing: '' } });
        return;
      case 'close-pager':
        this.set({ mode: p ? 'approval' : 'input', pager: undefined });
        return;
      case 'next-file':
      case 'prev-file':
        if (v.mode === 'pager' && v.pager) {
          this.set({ pager: movePager(v.pager, action) });
          return;
        }
        if (p && p.call.diff?.length) {
          const n = p.call.diff.length;
          this.set({ pending: { ...p, fileIndex: (p.fileIndex + (action === 'next-file' ? 1 : n - 1)) % n } });
        }
        return;
      case 'help':
        this.set({ mode: 'help' });
        return;
      case 'close-help':
        this.set({ mode: p ? 'approval' : 'input' });
        return;
      case 'edit':
        return this.edit();
      case 'clear-line':
        if (v.mode === 'search' && v.pager) this.set({ pager: { ...v.pager, typing: '' } });
        else if (v.mode === 'reason') this.set({ reason: '' });
        else this.set({ input: '', completions: [] });
        return;
      case 'cancel':
        if (v.mode === 'form') this.finishForm({ action: 'cancel' });
        else if (v.mode === 'reason') this.set({ mode: 'approval', reason: '' });
        else if (v.mode === 'search' && v.pager) this.set({ mode: 'pager', pager: { ...v.pager, typing: undefined } });
        else if (v.mode === 'pager') this.set({ mode: p ? 'approval' : 'input', pager: undefined });
        else if (v.mode === 'busy') this.abort?.abort();
        else if (v.mode === 'input' || v.input) this.set({ input: '', completions: [] });
        return;
      case 'quit':
        if (this.quitArmed) {
          this.interrupted = true;
          return 'quit';
        }
        this.quitArmed = true;
        this.set({ notice: 'press Ctrl+C again to quit (resumable)' });
        return;
      case 'backspace':
        if (v.mode === 'search' && v.pager)
          this.set({ pager: { ...v.pager, typing: (v.pager.typing ?? '').slice(0, -1) } });
        else if (v.mode === 'reason') this.set({ reason: v.reason.slice(0, -1) });
        else this.set({ input: v.input.slice(0, -1), completions: this.complete(v.input.slice(0, -1)) });
        return;
      case 'complete':
        if (v.completions.length === 1) this.set({ input: `${v.completions[0].split(' ')[0]} `, completions: [] });
        return;
      case 'history-prev':
      case 'history-next': {
        if (this.history.length === 0) return;
        this.historyIndex = Math.max(
          0,
          Math.min(this.history.length, this.historyIndex + (action === 'history-prev' ? -1 : 1)),
        );
        this.set({ input: this.history[this.historyIndex] ?? '' });
        return;
      }
      case 'submit':
        return this.submit();
    }
  }

  private async submit(): Promise<'quit' | undefined> {
    if (this.view.mode === 'form' && this.view.form) {
      const next = submitForm(this.view.form, this.view.input);
      if (isFormView(next)) this.set({ form: next, input: '' });
      else this.finishForm(next);
      return;
    }
    if (this.view.mode === 'search' && this.view.pager) {
      const q = this.view.pager.typing ?? '';
      this.set({ mode: 'pager', pager: q ? search(this.view.pager, q) : { ...this.view.pager, typing: undefined } });
      return;
    }
    if (this.view.mode === 'reason') {
      const reason = this.view.reason.trim();
      this.decide({ decision: 'reject', reason: reason || undefined });
      return;
    }
    const typed = this.view.input.trim();
    // ":plan" is "/plan", as in editors that take commands after a colon.
    const line = typed.startsWith(':') ? `/${typed.slice(1)}` : typed;
    this.set({ input: '', completions: [], notice: undefined });
    if (!line) return;
    this.history.push(line);
    this.historyIndex = this.history.length;
    const slash = parseSlash(line);
    if (slash) return this.runSlash(slash);
    if (this.view.pending) return this.aside(line);
    this.set({ mode: 'busy', busy: { label: 'thinking', since: this.now() } });
    this.lineWaiter?.(line);
    this.lineWaiter = undefined;
  }

  private async runSlash(intent: SlashIntent): Promise<'quit' | undefined> {
    const engine = this.session.engine;
    const say = (text: string, kind: 'notice' | 'error' = 'notice') =>
      this.set({
        items: [...this.view.items, { id: `n${engine.state.lastSeq}-${this.view.items.length}`, kind, text }],
      });
    switch (intent.type) {
      case 'quit':
        return 'quit';
      case 'clear':
        this.set({ items: [], epoch: this.view.epoch + 1 });
        return;
      case 'help': {
        const width = Math.max(...SLASH_COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`.length));
        const lines = SLASH_COMMANDS.map(
          (c) => `  ${`/${c.name}${c.args ? ` ${c.args}` : ''}`.padEnd(width)}  ${c.summary}`,
        );
        say(
          [
            'Commands (also without the slash where kubectl-ai has the word):',
            ...lines,
            'Other lines go to the agent (help lists its commands); ? on a pending call lists the keys.',
          ].join('\n'),
        );
        return;
      }
      case 'diff':
        // While a call waits, its own diff is the one to read.
        if (this.view.pending) return this.act('toggle-diff');
      // falls through
      case 'plan':
        if (this.view.pending) return this.aside(intent.type);
        // The planner answers these as chat commands.
        this.lineWaiter?.(intent.type);
        this.lineWaiter = undefined;
        return;
      default: {
        // Session commands: the shared layer records their events (shown through onEvent).
        const outcome = await slashOutcome(intent, this.deps.full ?? this.session);
        if (outcome.notices.length) say(outcome.notices.join('\n'), outcome.error ? 'error' : 'notice');
        // An MCP prompt's messages go to the planner as the user's line.
        if (outcome.message && this.lineWaiter) {
          this.set({ mode: 'busy', busy: { label: 'thinking', since: this.now() } });
          this.lineWaiter(outcome.message);
          this.lineWaiter = undefined;
        } else if (outcome.message)
          say('a call is waiting for your decision: answer it first, then run the prompt again');
      }
    }
  }

  /** A line typed while a call waits: the planner answers questions about the plan; nothing is decided. */
  private async aside(line: string): Promise<undefined> {
    const engine = this.session.engine;
    const answer = await engine.planner.aside?.(line, engine.state);
    const text = answer ?? `a call is waiting for your decision: answer it (y, n, a, e) first, or type a /command`;
    this.set({
      items: [
        ...this.view.items,
        { id: `n${engine.state.lastSeq}-${this.view.items.length}`, kind: answer ? 'assistant' : 'notice', text },
      ],
    });
    return undefined;
  }

  private async edit(): Promise<undefined> {
    const p = this.view.pending;
    // A sampling request has no arguments to edit.
    if (!p || !this.deps.editJson || p.call.callId.startsWith(SAMPLING_CARD)) return;
    // Escaped, so bidi or C1 characters in the arguments cannot disguise them in the editor.
    const edited = await this.deps.editJson(safeJson(JSON.stringify(p.call.args, null, 2)), this.suspend);
    if (edited === undefined) return;
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(edited) as Record<string, unknown>;
    } catch (err) {
      this.set({ notice: `the edited arguments are not valid JSON: ${(err as Error).message}` });
      return;
    }
    const problem = await this.deps.validateArgs?.(p.call.server, p.call.tool, args);
    if (problem) {
      this.set({ notice: `edited arguments rejected by the tool's schema: ${problem}` });
      return;
    }
    // The edit is a new proposal: shown again with the diff it now causes, approved on its own.
    const r = await this.session.engine.revise(p.call, args);
    if ('problem' in r) {
      this.set({ notice: r.problem });
      return;
    }
    this.set({
      mode: 'approval',
      pending: { call: r.proposal, diffExpanded: false, fileIndex: 0 },
      notice: 'edited: review the new diff, then y to approve it',
    });
  }
}
