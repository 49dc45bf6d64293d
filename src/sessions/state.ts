// Session state as a pure reduction of events. Resume replays the transcript
// through `reduce` and lands exactly where the session stopped, pending call included.
import { EMPTY_WORKSPACE, withContribution, withoutStep, type Workspace } from '../manifests/workspace.js';
import type { EventOf, Policy, PolicyRule, SessionEvent } from './events.js';

export interface CallRecord {
  proposed: EventOf<'tool.proposed'>;
  decision?: EventOf<'tool.decided'>;
  result?: EventOf<'tool.result'>;
  change?: EventOf<'workspace.changed'>;
}

interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
  seq: number;
}

export interface SessionState {
  sessionId?: string;
  started?: EventOf<'session.started'>;
  policy: Policy;
  rules: PolicyRule[];
  messages: ChatMessage[];
  /** Calls in proposal order. */
  calls: CallRecord[];
  /** The call waiting for a decision, if any. */
  pending?: EventOf<'tool.proposed'>;
  workspace: Workspace;
  errors: string[];
  /** Contributions removed because the plan stopped producing them. */
  drops: EventOf<'workspace.changed'>[];
  ended?: string;
  /** Model tokens so far (absent until the first model request). */
  usage?: SessionUsage;
  lastSeq: number;
}

export interface SessionUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Some requests' figures are estimates: the server sent no usage. */
  estimated: boolean;
  model: string;
}

export const INITIAL_STATE: SessionState = {
  policy: 'ask',
  rules: [],
  messages: [],
  calls: [],
  workspace: EMPTY_WORKSPACE,
  errors: [],
  drops: [],
  lastSeq: -1,
};

function updateCall(state: SessionState, callId: string, patch: Partial<CallRecord>): CallRecord[] {
  // The call an event is about is nearly always the latest: found from the end, copied once.
  for (let i = state.calls.length - 1; i >= 0; i--)
    if (state.calls[i].proposed.callId === callId) {
      const calls = state.calls.slice();
      calls[i] = { ...calls[i], ...patch };
      return calls;
    }
  return state.calls;
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return a.tool === b.tool && a.server === b.server && a.decision === b.decision;
}

export function reduce(state: SessionState, e: SessionEvent): SessionState {
  const s = { ...state, lastSeq: e.seq };
  switch (e.type) {
    case 'session.started':
      return { ...s, sessionId: e.sessionId, started: e, policy: e.policy };
    case 'user.message':
      return { ...s, messages: [...s.messages, { role: 'user', text: e.text, seq: e.seq }] };
    case 'assistant.message':
      return { ...s, messages: [...s.messages, { role: 'assistant', text: e.text, seq: e.seq }] };
    case 'tool.proposed':
      return { ...s, calls: [...s.calls, { proposed: e }], pending: e };
    case 'tool.decided': {
      let rules = s.rules;
      if (e.decision === 'always-allow') {
        const call = s.calls.find((c) => c.proposed.callId === e.callId)?.proposed;
        if (call) {
          const rule: PolicyRule = { server: call.server, tool: call.tool, decision: 'allow', scope: 'session' };
          if (!rules.some((r) => sameRule(r, rule))) rules = [...rules, rule];
        }
      }
      return {
        ...s,
        rules,
        calls: updateCall(s, e.callId, { decision: e }),
        pending: s.pending?.callId === e.callId ? undefined : s.pending,
      };
    }
    case 'tool.revised':
      // The call's proposal stays as planned (planners compare against it); the pending card carries the edit.
      return {
        ...s,
        pending:
          s.pending?.callId === e.callId
            ? { ...s.pending, args: e.args, diff: e.diff, verdict: e.verdict, blast: e.blast }
            : s.pending,
      };
    case 'tool.result':
      return { ...s, calls: updateCall(s, e.callId, { result: e }) };
    case 'workspace.changed':
      return {
        ...s,
        calls: updateCall(s, e.callId, { change: e }),
        drops: e.files.length === 0 && e.callId.startsWith('drop-') ? [...s.drops, e] : s.drops,
        workspace:
          e.files.length === 0
            ? withoutStep(s.workspace, e.key)
            : withContribution(s.workspace, { step: e.key, order: e.order, files: e.files }),
      };
    case 'permissions.changed':
      return {
        ...s,
        rules:
          e.action === 'add'
            ? s.rules.some((r) => sameRule(r, e.rule))
              ? s.rules
              : [...s.rules, e.rule]
            : s.rules.filter((r) => !sameRule(r, e.rule)),
      };
    case 'policy.changed':
      return { ...s, policy: e.policy };
    case 'error':
      return { ...s, errors: [...s.errors, e.message] };
    case 'session.ended':
      return { ...s, ended: e.reason };
    case 'model.usage': {
      const u = s.usage;
      return {
        ...s,
        usage: {
          requests: (u?.requests ?? 0) + 1,
          inputTokens: (u?.inputTokens ?? 0) + e.inputTokens,
          outputTokens: (u?.outputTokens ?? 0) + e.outputTokens,
          estimated: (u?.estimated ?? false) || e.estimated,
          model: e.model,
        },
      };
    }
    case 'export':
    case 'apply':
    case 'sampling':
      return s;
  }
}

export function replay(events: Iterable<SessionEvent>, from: SessionState = INITIAL_STATE): SessionState {
  let s = from;
  for (const e of events) s = reduce(s, e);
  return s;
}
