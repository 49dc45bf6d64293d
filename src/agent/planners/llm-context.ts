// Rebuilds the chat context an OpenAI-compatible model sees from session state alone,
// so a resumed session restores the model's context for every provider. Tool results
// are summarised (generated files by path, content hash and object names, plus
// findings): the objects themselves are in the workspace, and read_file fetches one.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { SessionState } from '../../sessions/state.js';
import { objectsToYaml } from '../../manifests/yaml.js';
import type { Block } from './llm-budget.js';
import { contentHash } from './llm-tools.js';

export interface ToolNamer {
  nameFor(server: string, tool: string): string;
}

type Call = SessionState['calls'][number];

export interface ContextOptions {
  /** A tool message of the host's own for some calls (the plan for a `plan` call). */
  describe?: (c: Call) => string | undefined;
  /** Longest tool message, in characters. */
  maxResultChars?: number;
}

interface FindingLike {
  severity: string;
  rule: string;
  subject?: string;
  message: string;
}

function summarise(structured: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  const files = structured.files;
  if (Array.isArray(files)) {
    for (const f of files as { path: string; objects: Parameters<typeof objectsToYaml>[0] }[]) {
      lines.push(
        `- ${f.path} (sha256 ${contentHash(objectsToYaml(f.objects))}): ${f.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
      );
    }
  }
  const findings = structured.findings;
  if (Array.isArray(findings) && findings.length > 0) {
    lines.push(`findings (${findings.length}):`);
    for (const f of (findings as FindingLike[]).slice(0, 12))
      lines.push(`- ${f.severity} ${f.rule}${f.subject ? ` ${f.subject}` : ''}: ${f.message.slice(0, 160)}`);
    if (findings.length > 12) lines.push(`- … ${findings.length - 12} more`);
  }
  return Array.isArray(files) || Array.isArray(findings) ? lines.join('\n') : undefined;
}

/** What the model is told a call came to: its result (summarised), or why it did not run. */
function toolMessageContent(c: Call, opts: ContextOptions = {}): string {
  const d = c.decision;
  if (!d) return 'Pending: the call is waiting for a decision.';
  if (d.decision === 'reject')
    return `Rejected${d.by === 'user' ? ' by the user' : ''}${d.reason ? `: ${d.reason}` : ''}. Do not repeat this call unchanged.`;
  if (d.decision === 'suggested') return 'Recorded as a suggestion and not executed (approval policy "suggest").';
  if (!c.result) return 'Approved; no result was recorded.';
  const own = c.result.isError ? undefined : opts.describe?.(c);
  if (own) return own;
  const max = opts.maxResultChars ?? 4000;
  const s = c.result.structured;
  const summary = s ? summarise(s) : undefined;
  const head = `${c.result.isError ? 'Error: ' : ''}${summary !== undefined ? c.result.text.split('\n')[0] : c.result.text}`;
  const text = summary !== undefined ? `${head}\n${summary}` : `${head}${s ? `\n${JSON.stringify(s)}` : ''}`;
  return text.length > max ? `${text.slice(0, max)}\n… (truncated, ${text.length - max} more characters)` : text;
}

const oneLine = (s: string, n = 140) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

/** One short line for a call that is compacted away: what was asked and what came of it. */
function noteFor(name: string, args: string, c: Call): string {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(args || '{}') as Record<string, unknown>;
  } catch {
    // shown as written below
  }
  const what = name === 'generate_component' ? `${name} ${String(parsed.component)}` : `${name} ${oneLine(args, 50)}`;
  const d = c.decision?.decision;
  if (d === 'reject' || d === 'suggested') return `${what} → ${d === 'reject' ? 'rejected' : 'suggested only'}`;
  if (!c.result) return `${what} → no result`;
  if (c.result.isError) return `${what} → error: ${oneLine(c.result.text, 60)}`;
  const files = c.result.structured?.files;
  if (Array.isArray(files))
    return `${what} → ${oneLine((files as { path: string }[]).map((f) => f.path).join(', '), 80)}`;
  return `${what} → ${oneLine(c.result.text, 60)}`;
}

/** The conversation as blocks that stay whole: user lines, and model turns with their tool results. */
export function buildBlocks(
  state: SessionState,
  namer: ToolNamer,
  extra: Map<number, string> = new Map(),
  opts: ContextOptions = {},
): Block[] {
  const out: Block[] = [];
  type Item = { seq: number; kind: 'user' | 'assistant'; text: string } | { seq: number; kind: 'call'; call: Call };
  const items: Item[] = [
    ...state.messages.map((m) => ({ seq: m.seq, kind: m.role, text: m.text }) as Item),
    ...state.calls.filter((c) => c.proposed.llm).map((c) => ({ seq: c.proposed.seq, kind: 'call', call: c }) as Item),
  ].sort((a, b) => a.seq - b.seq);

  let turn: { id?: string; msg: Extract<ChatCompletionMessageParam, { role: 'assistant' }>; calls: Call[] } | undefined;
  const flush = () => {
    if (!turn) return;
    const tools = turn.calls.map((c) => ({
      role: 'tool' as const,
      tool_call_id: c.proposed.llm!.toolCallId,
      content: toolMessageContent(c, opts),
    }));
    const said =
      typeof turn.msg.content === 'string' && turn.msg.content ? [`assistant: ${oneLine(turn.msg.content, 100)}`] : [];
    const calls = (turn.msg.tool_calls ?? []).map((tc, i) =>
      tc.type === 'function' ? noteFor(tc.function.name, tc.function.arguments, turn!.calls[i]) : '',
    );
    out.push({ messages: [turn.msg, ...tools], note: [...said, ...calls].join('; ') });
    turn = undefined;
  };
  for (const it of items) {
    if (it.kind === 'user') {
      flush();
      const ctx = extra.get(it.seq);
      out.push({
        messages: [{ role: 'user', content: ctx ? `${it.text}\n\n${ctx}` : it.text }],
        note: `user: ${oneLine(it.text)}`,
      });
    } else if (it.kind === 'assistant') {
      flush();
      turn = { msg: { role: 'assistant', content: it.text }, calls: [] };
    } else if (it.kind === 'call') {
      const p = it.call.proposed;
      // A response's text opens its turn; calls of a later response start a new one.
      if (turn && turn.id !== undefined && turn.id !== p.llm!.turn) flush();
      turn ??= { msg: { role: 'assistant', content: null }, calls: [] };
      turn.id = p.llm!.turn;
      // The model is shown its own (compact) call; the transcript holds the expanded one.
      const fn = {
        name: p.llm!.name ?? namer.nameFor(p.server, p.tool),
        arguments: p.llm!.arguments ?? JSON.stringify(p.args),
      };
      turn.msg.tool_calls = [...(turn.msg.tool_calls ?? []), { id: p.llm!.toolCallId, type: 'function', function: fn }];
      turn.calls.push(it.call);
    }
  }
  flush();
  return out;
}

function buildContext(
  state: SessionState,
  system: string,
  namer: ToolNamer,
  extra: Map<number, string> = new Map(),
  opts: ContextOptions = {},
): ChatCompletionMessageParam[] {
  return [{ role: 'system', content: system }, ...buildBlocks(state, namer, extra, opts).flatMap((b) => b.messages)];
}
