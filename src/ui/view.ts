// What the screen shows, as plain data derived from session events. Finished items
// never change once made (they go to Ink's <Static>); only the live area re-renders.
import type { EventOf, FileDiffData, Policy, SessionEvent } from '../sessions/events.js';
import type { UiMode } from './keys.js';
import type { SessionState, SessionUsage } from '../sessions/state.js';
import type { Price } from '../agent/planners/llm-usage.js';
import { safeLine } from '../terminal/safe-text.js';
import { describeCommandEvent } from '../agent/session-commands.js';
import type { PagerView } from './pager.js';
import type { FormView } from './elicit-form.js';
import { placeholderLines } from '../mcp-client/content.js';

export type TranscriptItem =
  | { id: string; kind: 'user' | 'assistant' | 'notice' | 'error'; text: string }
  | {
      id: string;
      kind: 'call';
      server: string;
      tool: string;
      readOnly: boolean;
      decision: string;
      by: string;
      reason?: string;
    }
  | { id: string; kind: 'change'; files: { path: string; change: string; added: number; removed: number }[] }
  | { id: string; kind: 'result'; isError: boolean; text: string };

export interface PendingView {
  call: EventOf<'tool.proposed'>;
  diffExpanded: boolean;
  fileIndex: number;
  /** The verdict's findings and the blast radius's facts shown in full. */
  reviewExpanded?: boolean;
}

export interface UiView {
  header: { session: string; planner: string; model?: string; policy: Policy; cluster: string; resumed: boolean };
  items: TranscriptItem[];
  /** Text the model is streaming right now. */
  streaming?: string;
  pending?: PendingView;
  mode: UiMode;
  input: string;
  reason: string;
  completions: string[];
  busy?: { label: string; since: number };
  /** usage: the model's tokens this session; price: per million tokens, from the settings. */
  status: { files: number; approved: number; rejected: number; usage?: SessionUsage; price?: Price };
  notice?: string;
  /** The call's diff, full-height, while the pager is open. */
  pager?: PagerView;
  /** Bumped by /clear so the transcript remounts empty. */
  epoch: number;
  /** A server's question being answered (mode 'form'). */
  form?: FormView;
}

/** The status line's counts as the session stands. */
export function statusOf(state: SessionState, price: Price | undefined): UiView['status'] {
  const decided = state.calls.map((c) => c.decision?.decision).filter(Boolean);
  return {
    // Files, not contributions: several generators write to the same file.
    files: new Set(Object.values(state.workspace).flatMap((c) => c.files.map((f) => f.path))).size,
    approved: decided.filter((d) => d === 'approve' || d === 'always-allow' || d === 'edit').length,
    rejected: decided.filter((d) => d === 'reject').length,
    usage: state.usage,
    price,
  };
}

/** Paths under the working directory read better, and stay the same across machines, when relative. */
function displayValue(v: unknown, cwd: string): unknown {
  return typeof v === 'string' && v.startsWith(`${cwd}/`) ? v.slice(cwd.length + 1) : v;
}

export function summariseArgs(args: Record<string, unknown>, width = 70, cwd = process.cwd()): string {
  const parts = Object.entries(args).map(([k, raw]) => {
    const v = displayValue(raw, cwd);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return `${k}: ${typeof o.name === 'string' ? o.name : `{${Object.keys(o).length} fields}`}`;
    }
    if (Array.isArray(v)) return `${k}: [${v.length}]`;
    return `${k}: ${JSON.stringify(v)}`;
  });
  // Made safe before it is cut to width, so the cut counts what is shown.
  const s = safeLine(parts.join(', '));
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** Turns an event into finished transcript items (most events make one or none). */
export function itemsFor(e: SessionEvent): TranscriptItem[] {
  const id = `e${e.seq}`;
  switch (e.type) {
    case 'user.message':
      return [{ id, kind: 'user', text: e.text }];
    case 'assistant.message':
      return [{ id, kind: 'assistant', text: e.text }];
    case 'tool.result':
      return [
        ...(e.isError ? [{ id, kind: 'result' as const, isError: true, text: e.text.split('\n')[0] }] : []),
        ...placeholderLines(e.content).map((text, i) => ({
          id: `${id}.${i}`,
          kind: 'notice' as const,
          text: `  ${text}`,
        })),
      ];
    case 'workspace.changed':
      return e.diff.length
        ? [
            {
              id,
              kind: 'change',
              files: e.diff.map((d: FileDiffData) => ({
                path: d.path,
                change: d.change,
                added: d.added,
                removed: d.removed,
              })),
            },
          ]
        : [];
    case 'permissions.changed':
    case 'policy.changed':
    case 'export':
      return [{ id, kind: 'notice', text: describeCommandEvent(e)! }];
    case 'sampling':
      return [
        {
          id,
          kind: 'notice',
          text:
            e.decision === 'approve'
              ? `the model answered ${e.server}'s sampling request`
              : `refused ${e.server}'s sampling request (${e.reason ?? e.by})`,
        },
      ];
    case 'error':
      return [{ id, kind: 'error', text: e.message }];
    default:
      return [];
  }
}

export function callItem(p: EventOf<'tool.proposed'>, d: EventOf<'tool.decided'>): TranscriptItem {
  return {
    id: `e${d.seq}`,
    kind: 'call',
    server: p.server,
    tool: p.tool,
    readOnly: p.readOnly,
    decision: d.decision,
    by: d.by,
    reason: d.reason,
  };
}
