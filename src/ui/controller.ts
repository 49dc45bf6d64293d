// The bridge between the session engine and the terminal UI. Plain TypeScript: it
// holds the view, turns key presses into intents via the binding table, answers the
// approval gate and drives the engine loop. Components only render its view; what a
// key does to the screen alone is in view-keys.ts, the edit of a call's arguments in edit-call.ts.
import type { EventOf, SessionEvent } from '../sessions/events.js';
import type { SessionEngine, UserDecision } from '../agent/engine.js';
import type { CommandSession } from '../agent/session-commands.js';
import { slashOutcome } from './slash-effects.js';
import { resolveKey, type KeyPress, type UiAction } from './keys.js';
import { parseSlash, slashHelp, type SlashIntent } from './slash.js';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { SamplingRequest } from '../agent/sampling.js';
import { PromptCompletions, samplingCard } from './host-requests.js';
import { isFormView, openForm, submitForm } from './elicit-form.js';
import { callItem, itemsFor, statusOf, type UiView } from './view.js';
import { safeLine } from '../terminal/safe-text.js';
import { search } from './pager.js';
import { typeText, viewKeyChange } from './view-keys.js';
import { editCall, type ArgEditing, type Suspend } from './edit-call.js';
import { WaitingDecision } from './waiting-decision.js';
import { LineHistory } from './line-history.js';

/** What the controller needs of a session; openSession's result has it all. */
export interface UiSession {
  engine: SessionEngine;
  resumed: boolean;
  started: EventOf<'session.started'>;
  file: { id: string };
}

export interface ControllerDeps extends ArgEditing {
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
  private readonly waiting = new WaitingDecision();
  private lineWaiter?: (line: string | undefined) => void;
  private readonly history = new LineHistory();
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
    this.set({
      items,
      streaming: e.type === 'assistant.message' ? undefined : this.view.streaming,
      header: { ...this.view.header, policy: state.policy },
      status: statusOf(state, this.deps.price),
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
  ): Promise<{ approve: true } | { approve: false; reason?: string }> => {
    const decision = this.waiting.forSampling();
    const card = samplingCard(++this.samplingCards, server, request);
    this.set({ mode: 'approval', pending: { call: card, diffExpanded: false, fileIndex: 0 }, busy: undefined });
    return decision;
  };

  /** The approver the engine calls when a decision is needed. */
  approver = (p: EventOf<'tool.proposed'>): Promise<UserDecision> => {
    const decision = this.waiting.forCall();
    this.set({ mode: 'approval', pending: { call: p, diffExpanded: false, fileIndex: 0 }, busy: undefined });
    return decision;
  };

  private decide(d: UserDecision): void {
    const answer = this.waiting.take();
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
    this.waiting.leave();
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
      this.set(typeText(this.view, r.text, (input) => this.complete(input)));
      return undefined;
    }
    if (r.action !== 'quit') this.quitArmed = false;
    return this.act(r.action);
  }

  private async act(action: UiAction): Promise<'quit' | undefined> {
    const v = this.view;
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
      case 'edit': {
        const change = await editCall(v.pending, this.deps, this.session.engine, this.suspend);
        if (change) this.set(change);
        return;
      }
      case 'cancel':
        if (v.mode === 'form') this.finishForm({ action: 'cancel' });
        else if (v.mode === 'reason') this.set({ mode: 'approval', reason: '' });
        else if (v.mode === 'search' && v.pager) this.set({ mode: 'pager', pager: { ...v.pager, typing: undefined } });
        else if (v.mode === 'pager') this.set({ mode: v.pending ? 'approval' : 'input', pager: undefined });
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
      case 'history-prev':
      case 'history-next': {
        const line = this.history.step(action === 'history-prev' ? -1 : 1);
        if (line !== undefined) this.set({ input: line });
        return;
      }
      case 'submit':
        return this.submit();
      default: {
        // The pager, the card's folds, help and the line being typed: the screen alone changes.
        const change = viewKeyChange(v, action, { rows: this.rows, complete: (input) => this.complete(input) });
        if (change) this.set(change);
      }
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
    this.history.add(line);
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
      case 'help':
        say(slashHelp());
        return;
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
}
