// Rebuilds the chat context an OpenAI-compatible model sees from session state alone,
// so a resumed session restores the model's context for every provider.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { SessionState } from '../state.js';

export interface ToolNamer {
  nameFor(server: string, tool: string): string;
}

/** What the model is told a call came to: its result, or why it did not run. */
export function toolMessageContent(c: SessionState['calls'][number]): string {
  const d = c.decision;
  if (!d) return 'Pending: the call is waiting for a decision.';
  if (d.decision === 'reject') return `Rejected${d.by === 'user' ? ' by the user' : ''}${d.reason ? `: ${d.reason}` : ''}. Do not repeat this call unchanged.`;
  if (d.decision === 'suggested') return 'Recorded as a suggestion and not executed (approval policy "suggest").';
  if (!c.result) return 'Approved; no result was recorded.';
  const structured = c.result.structured ? `\n${JSON.stringify(compact(c.result.structured))}` : '';
  const text = `${c.result.isError ? 'Error: ' : ''}${c.result.text}${structured}`;
  return text.length > 12_000 ? `${text.slice(0, 12_000)}\n… (truncated)` : text;
}

/** Generated objects are large and already in the workspace; the model needs their names. */
function compact(structured: Record<string, unknown>): Record<string, unknown> {
  const files = structured.files;
  if (!Array.isArray(files)) return structured;
  return {
    ...structured,
    files: (files as { path: string; objects: { kind: string; metadata: { name: string } }[] }[]).map((f) => ({ path: f.path, objects: f.objects.map((o) => `${o.kind}/${o.metadata.name}`) })),
  };
}

export function buildContext(state: SessionState, system: string, namer: ToolNamer, extra: Map<number, string> = new Map()): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [{ role: 'system', content: system }];
  type Item = { seq: number; kind: 'user' | 'assistant'; text: string } | { seq: number; kind: 'call'; call: SessionState['calls'][number] };
  const items: Item[] = [
    ...state.messages.map((m) => ({ seq: m.seq, kind: m.role, text: m.text }) as Item),
    ...state.calls.filter((c) => c.proposed.llm).map((c) => ({ seq: c.proposed.seq, kind: 'call', call: c }) as Item),
  ].sort((a, b) => a.seq - b.seq);

  let turn: { id?: string; msg: Extract<ChatCompletionMessageParam, { role: 'assistant' }>; calls: SessionState['calls'] } | undefined;
  const flush = () => {
    if (!turn) return;
    out.push(turn.msg);
    for (const c of turn.calls) out.push({ role: 'tool', tool_call_id: c.proposed.llm!.toolCallId, content: toolMessageContent(c) });
    turn = undefined;
  };
  for (const it of items) {
    if (it.kind === 'user') {
      flush();
      const ctx = extra.get(it.seq);
      out.push({ role: 'user', content: ctx ? `${it.text}\n\n${ctx}` : it.text });
    } else if (it.kind === 'assistant') {
      flush();
      turn = { msg: { role: 'assistant', content: it.text }, calls: [] };
    } else if (it.kind === 'call') {
      const p = it.call.proposed;
      // A response's text opens its turn; calls of a later response start a new one.
      if (turn && turn.id !== undefined && turn.id !== p.llm!.turn) flush();
      turn ??= { msg: { role: 'assistant', content: null }, calls: [] };
      turn.id = p.llm!.turn;
      turn.msg.tool_calls = [...(turn.msg.tool_calls ?? []), { id: p.llm!.toolCallId, type: 'function', function: { name: namer.nameFor(p.server, p.tool), arguments: JSON.stringify(p.args) } }];
      turn.calls.push(it.call);
    }
  }
  flush();
  return out;
}
