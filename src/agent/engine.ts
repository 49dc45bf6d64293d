// The session engine: asks the planner for the next move, puts every proposed tool
// call through the approval gate, calls the hub and records each step as an event.
// Every face (deploy, deploy --interactive, chat, plan-only, resume) drives this loop.
// Pure built-in generators run before the decision, for their card (call-preview.ts).
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallOutcome } from '../mcp-client/hub.js';
import { diffTrees } from '../manifests/diff.js';
import { renderWorkspace, scopedFiles, scopedKey, touchedPaths, withoutStep } from '../manifests/workspace.js';
import { containResult } from '../manifests/paths.js';
import { classifyTool, gate, type ToolFacts } from './approval.js';
import type { EventOf, EventSink, NewEvent, SessionEvent } from '../sessions/events.js';
import { INITIAL_STATE, reduce, type SessionState } from '../sessions/state.js';
import { contributionKey, registry } from '../plan/registry.js';
import { checkToolArgs } from './tool-args.js';
import { CallPreviews, callHub, changeOf, filesOf, type ToolCaller } from './call-preview.js';
import { stopReason } from './card-verdict.js';
import type { KubeOptions } from '../kube/client.js';

export interface PlannerCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  reasons: string[];
  step?: string;
  component?: string;
  /** The app of a system deploy this call is for. */
  scope?: string;
  /** The model's id for the call, its response, and (for a compact tool) the call as the model wrote it. */
  llm?: { toolCallId: string; turn: string; name?: string; arguments?: string };
}

export type PlannerMove =
  | { type: 'call'; call: PlannerCall }
  | { type: 'say'; text: string }
  /** Remove a contribution the plan no longer produces (a disabled component). */
  | { type: 'drop'; key: string; reason: string }
  /** Tokens a model request used, for the transcript. */
  | { type: 'usage'; usage: Omit<EventOf<'model.usage'>, 'type' | 'seq' | 'at'> }
  /** Nothing more to do until the user says something (chat). */
  | { type: 'wait' }
  | { type: 'done' };

export interface Planner {
  readonly name: string;
  next(state: SessionState, signal?: AbortSignal): Promise<PlannerMove>;
  /**
   * Answers a question about the plan (plan, why, diff, help) without moving it, or
   * undefined when the line is not one: faces use it while a call waits for a decision.
   */
  aside?(line: string, state: SessionState): Promise<string | undefined>;
}

/** The tool surface the engine needs; McpHub implements it. */
export interface ToolHub extends ToolCaller {
  findTool(
    server: string,
    tool: string,
  ): Promise<
    | (ToolFacts & { annotations?: Record<string, unknown> & { readOnlyHint?: boolean }; inputSchema?: unknown })
    | undefined
  >;
}

export type UserDecision =
  | { decision: 'approve' }
  | { decision: 'reject'; reason?: string }
  | { decision: 'always-allow' }
  | { decision: 'edit'; args: Record<string, unknown> };

/** Asks a person about a pending call. Absent when nobody can answer (no TTY). */
export type Approver = (pending: EventOf<'tool.proposed'>, state: SessionState) => Promise<UserDecision>;

export type RunOutcome = 'done' | 'wait' | 'needs-approval';

/** In-memory sink for runs that keep no transcript file (tests, plan-only). */
export class MemorySink implements EventSink {
  readonly events: SessionEvent[] = [];
  constructor(private readonly clock: () => string = () => new Date().toISOString()) {}
  async append(event: NewEvent): Promise<SessionEvent> {
    const full = { ...event, seq: this.events.length, at: this.clock() } as SessionEvent;
    this.events.push(full);
    return full;
  }
}

export interface EngineOptions {
  hub: ToolHub;
  planner: Planner;
  sink: EventSink;
  approver?: Approver;
  onEvent?: (event: SessionEvent, state: SessionState) => void;
  /** State replayed from a transcript, for resume. */
  state?: SessionState;
  /**
   * Arguments the session fixes per server whatever the planner proposes: the kubectl
   * tool's kubeconfig and context are the session's, never the model's. An undefined
   * value removes the argument, so the tool falls back to the session's defaults.
   */
  pinnedArgs?: Record<string, Record<string, unknown>>;
  /** A running call's progress reports (the hub sends a progress token with every call). */
  onProgress?: (p: Progress & { server: string; tool: string }) => void;
  /** The cluster a run applies to: cards dry-run the objects they write against it. */
  cluster?: KubeOptions;
  /** Run calls whose result adds manifest errors even when a policy (auto-read, yes) would stop on them. */
  force?: boolean;
}

export class SessionEngine {
  state: SessionState;
  private readonly previews: CallPreviews;
  private callCounter: number;

  constructor(private readonly opts: EngineOptions) {
    this.state = opts.state ?? INITIAL_STATE;
    this.callCounter = this.state.calls.length;
    this.previews = new CallPreviews(opts.hub, () => this.state.workspace, opts.cluster);
  }

  get planner(): Planner {
    return this.opts.planner;
  }

  async emit(event: NewEvent): Promise<SessionEvent> {
    const full = await this.opts.sink.append(event);
    this.state = reduce(this.state, full);
    this.opts.onEvent?.(full, this.state);
    return full;
  }

  /** Runs until the planner is done, waits for the user, or a call needs a decision nobody can give. */
  async run(signal?: AbortSignal): Promise<RunOutcome> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.state.pending) {
        const settled = await this.settle(this.state.pending, signal);
        if (!settled) return 'needs-approval';
        continue;
      }
      const move = await this.opts.planner.next(this.state, signal);
      if (move.type === 'done' || move.type === 'wait') return move.type;
      if (move.type === 'say') await this.emit({ type: 'assistant.message', text: move.text });
      else if (move.type === 'usage') await this.emit({ type: 'model.usage', ...move.usage });
      else if (move.type === 'drop') await this.drop(move.key);
      else await this.propose(move.call, signal);
    }
  }

  private async drop(key: string): Promise<void> {
    const paths = touchedPaths(this.state.workspace, key, []);
    const before = renderWorkspace(this.state.workspace, paths);
    const after = renderWorkspace(withoutStep(this.state.workspace, key), paths);
    await this.emit({
      type: 'workspace.changed',
      callId: `drop-${this.state.lastSeq + 1}`,
      key,
      order: 0,
      files: [],
      diff: diffTrees(before, after),
    });
  }

  private pin(server: string, args: Record<string, unknown>): Record<string, unknown> {
    const pins = this.opts.pinnedArgs?.[server];
    if (!pins) return args;
    const out = { ...args };
    for (const [k, v] of Object.entries(pins)) {
      if (v === undefined) delete out[k];
      else out[k] = v;
    }
    return out;
  }

  private async propose(proposed: PlannerCall, signal?: AbortSignal): Promise<void> {
    // The card shows, and the tool gets, the arguments after the session's pins.
    const call = { ...proposed, args: this.pin(proposed.server, proposed.args) };
    const callId = `call-${String(++this.callCounter).padStart(4, '0')}`;
    const found = await this.opts.hub.findTool(call.server, call.tool).catch((err: Error) => err);
    const base = {
      type: 'tool.proposed' as const,
      callId,
      server: call.server,
      tool: call.tool,
      args: call.args,
      reasons: call.reasons,
      step: call.step,
      component: call.component,
      ...(call.scope ? { scope: call.scope } : {}),
      llm: call.llm,
    };
    if (found === undefined || found instanceof Error) {
      const why = found instanceof Error ? found.message : `server "${call.server}" has no tool "${call.tool}"`;
      await this.emit({ ...base, readOnly: false });
      await this.emit({
        type: 'tool.decided',
        callId,
        decision: 'reject',
        by: 'policy',
        policy: this.state.policy,
        reason: why,
      });
      return;
    }
    // Only built-in generators declared pure run before the decision, to show its diff;
    // every other call (external servers, kubectl, file readers) runs after it.
    const { readOnly, hints, preview } = classifyTool(found);
    const rerun = preview && scopedKey(call.scope, contributionKey(call.server, call.tool)) in this.state.workspace;
    const diff = preview ? await this.previews.run(callId, call, signal) : undefined;
    const review = this.previews.review(callId);
    await this.emit({ ...base, annotations: found.annotations, readOnly, hints, diff, ...review });
    // Re-running a generator whose output is unchanged needs nobody's decision: only the
    // generators a change really affects are put to the person.
    if (rerun && diff && diff.length === 0) {
      await this.emit({
        type: 'tool.decided',
        callId,
        decision: 'approve',
        by: 'policy',
        policy: this.state.policy,
        reason: 're-run with no change to the manifests',
      });
      await this.execute(this.state.calls.at(-1)!.proposed, call.args, signal);
    }
  }

  /** Applies the gate to the pending call; false when it must wait for a person who is not there. */
  private async settle(p: EventOf<'tool.proposed'>, signal?: AbortSignal): Promise<boolean> {
    const policy = this.state.policy;
    let verdict = gate(policy, this.state.rules, p);
    // A policy that would run the call waits for a person when its result adds errors.
    if (verdict.kind === 'run' && verdict.by === 'policy' && stopReason(p, policy, this.opts.force))
      verdict = { kind: 'ask' };
    if (verdict.kind === 'deny') {
      await this.emit({ type: 'tool.decided', callId: p.callId, decision: 'reject', by: 'rule', reason: verdict.note });
      return true;
    }
    if (verdict.kind === 'record-only') {
      await this.emit({
        type: 'tool.decided',
        callId: p.callId,
        decision: 'suggested',
        by: 'policy',
        policy,
        reason: verdict.note,
      });
      return true;
    }
    if (verdict.kind === 'run') {
      await this.emit({
        type: 'tool.decided',
        callId: p.callId,
        decision: 'approve',
        by: verdict.by,
        policy: verdict.by === 'policy' ? policy : undefined,
        reason: verdict.note,
      });
      await this.execute(p, p.args, signal);
      return true;
    }
    // A call that waits for a person is on disk before anyone is asked, so it can be
    // resumed whatever happens to the machine meanwhile.
    this.opts.sink.sync?.();
    if (!this.opts.approver) return false;
    const d = await this.opts.approver(p, this.state);
    // An edit made meanwhile (revise) changed the pending call: the decision is about that.
    const current = this.state.pending?.callId === p.callId ? this.state.pending : p;
    return this.decide(current, d, signal);
  }

  /**
   * A person's edit of the pending call. The arguments are checked against the tool's input
   * schema; when they fit, the call is proposed again with them (re-previewed when the tool
   * is a pure built-in, so the card shows the diff they now cause) and needs its own decision.
   */
  async revise(
    p: EventOf<'tool.proposed'>,
    edited: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ problem: string } | { proposal: EventOf<'tool.proposed'> }> {
    const args = this.pin(p.server, edited);
    const found = await this.opts.hub.findTool(p.server, p.tool).catch(() => undefined);
    if (!found) return { problem: `server "${p.server}" has no tool "${p.tool}"` };
    const problem = checkToolArgs(found.inputSchema, args);
    if (problem) return { problem: `the edited arguments do not fit ${p.server}/${p.tool}: ${problem}` };
    this.previews.forget(p.callId);
    const diff = classifyTool(found).preview
      ? await this.previews.run(p.callId, { server: p.server, tool: p.tool, args, scope: p.scope }, signal)
      : undefined;
    const review = this.previews.review(p.callId);
    await this.emit({ type: 'tool.revised', callId: p.callId, args, diff, ...review });
    const proposal = this.state.pending!;
    this.previews.rebind(p.callId, proposal.args);
    return { proposal };
  }

  /** Records a person's decision on the pending call and carries it out. */
  async decide(p: EventOf<'tool.proposed'>, d: UserDecision, signal?: AbortSignal): Promise<true> {
    switch (d.decision) {
      case 'reject':
        await this.emit({ type: 'tool.decided', callId: p.callId, decision: 'reject', by: 'user', reason: d.reason });
        return true;
      case 'edit': {
        const args = this.pin(p.server, d.args);
        await this.emit({ type: 'tool.decided', callId: p.callId, decision: 'edit', by: 'user', args });
        await this.execute(p, args, signal);
        return true;
      }
      default: {
        // A revised call records the arguments it runs with, as an edit does.
        const revised = this.state.calls.find((c) => c.proposed.callId === p.callId)?.proposed.args !== p.args;
        if (revised)
          await this.emit({
            type: 'tool.decided',
            callId: p.callId,
            decision: d.decision === 'approve' ? 'edit' : d.decision,
            by: 'user',
            args: p.args,
          });
        else await this.emit({ type: 'tool.decided', callId: p.callId, decision: d.decision, by: 'user' });
        await this.execute(p, p.args, signal);
        return true;
      }
    }
  }

  private async execute(
    p: EventOf<'tool.proposed'>,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<void> {
    // The decision to change the world is durable before the world changes.
    if (!p.readOnly) this.opts.sink.sync?.();
    const cached = this.previews.take(p.callId);
    let outcome: ToolCallOutcome;
    try {
      outcome =
        cached && cached.args === args
          ? cached.outcome
          : containResult(
              await callHub(this.opts.hub, p.server, p.tool, args, signal, (pr) =>
                this.opts.onProgress?.({ ...pr, server: p.server, tool: p.tool }),
              ),
            );
    } catch (err) {
      // Cancelled by the person (Esc): the server was sent notifications/cancelled; the planner sees why the call has no result.
      if (signal?.aborted)
        await this.emit({
          type: 'tool.result',
          callId: p.callId,
          isError: true,
          text: `${p.server}/${p.tool} was cancelled by the user before it finished`,
        });
      throw err;
    }
    await this.emit({
      type: 'tool.result',
      callId: p.callId,
      isError: outcome.isError,
      text: outcome.text,
      structured: outcome.structured,
      ...(outcome.rich ? { content: outcome.rich } : {}),
    });
    const raw = outcome.isError ? undefined : filesOf(outcome);
    if (!raw) return;
    const files = scopedFiles(p.scope, raw);
    const key = scopedKey(p.scope, contributionKey(p.server, p.tool));
    const order = registry.toolRank(p.server, p.tool);
    // The preview's diff still holds when the workspace has not moved since.
    const diff =
      cached?.diff && cached.outcome === outcome && cached.workspace === this.state.workspace
        ? cached.diff
        : changeOf(this.state.workspace, key, order, files).diff;
    await this.emit({
      type: 'workspace.changed',
      callId: p.callId,
      key,
      order,
      files,
      diff,
    });
  }
}
