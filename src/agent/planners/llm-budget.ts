// The context budget: every request the LLM planner sends must fit the model's context
// window, with room left for its answer. Older turns are folded into one-line notes in
// the system message (the transcript keeps everything); the newest exchange is never cut.
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

/**
 * Estimated tokens of a text. No tokenizer package is installed, so this is the common
 * rule of thumb of four characters per token: close enough for English and JSON, and the
 * budget keeps a margin for the answer.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateRequest(messages: ChatCompletionMessageParam[], tools: ChatCompletionTool[]): number {
  return estimateTokens(JSON.stringify({ messages, tools }));
}

/** Context windows of well-known models (prefix match, longest first); others get 8,192. */
const KNOWN_CONTEXT: [string, number][] = [
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-5', 400_000],
  ['o4-mini', 200_000],
  ['o3', 200_000],
  ['o1', 200_000],
  ['gpt-3.5-turbo', 16_385],
  ['llama3.1', 131_072],
  ['llama3.2', 131_072],
  ['qwen2.5', 32_768],
  ['mistral', 32_768],
];
const UNKNOWN_MODEL_CONTEXT = 8192;

export function defaultContextTokens(model: string): number {
  const m = model.toLowerCase().replace(/^.*\//, '');
  return (
    KNOWN_CONTEXT.filter(([p]) => m.startsWith(p)).sort((a, b) => b[0].length - a[0].length)[0]?.[1] ??
    UNKNOWN_MODEL_CONTEXT
  );
}

/** Tokens kept free for the model's answer. */
export function outputReserve(contextTokens: number): number {
  return Math.min(2048, Math.floor(contextTokens / 4));
}

/** One thing the planner must send cannot fit the context, however much is compacted. */
export class ContextTooSmall extends Error {
  override name = 'ContextTooSmall';
}

/** A stretch of the conversation that stays whole: a user line, or a model turn with its tool results. */
export interface Block {
  messages: ChatCompletionMessageParam[];
  /** One line per message for the compacted summary. */
  note: string;
}

export interface FitOptions {
  contextTokens: number;
  /** Model turns kept in full even when everything fits; older ones become notes. */
  keepTurns?: number;
}

/**
 * The request that fits: system prompt, tools, then as many of the newest blocks as the
 * budget holds; what is left out is summarised in the system message, newest notes first
 * to go when even the notes do not fit. Throws ContextTooSmall when the system prompt,
 * the tools and the newest block alone are over the budget.
 */
export function fitContext(
  system: string,
  blocks: Block[],
  tools: ChatCompletionTool[],
  opts: FitOptions,
): { messages: ChatCompletionMessageParam[]; tokens: number; compacted: number } {
  const budget = opts.contextTokens - outputReserve(opts.contextTokens);
  const keepTurns = opts.keepTurns ?? 2;
  const toolTokens = estimateTokens(JSON.stringify(tools));
  const size = (m: ChatCompletionMessageParam[]) => estimateTokens(JSON.stringify(m));
  const base = toolTokens + size([{ role: 'system', content: system }]);
  const last = blocks.at(-1);
  if (base + (last ? size(last.messages) : 0) > budget) {
    const what =
      base > budget
        ? `the system prompt and ${tools.length} tool definitions (${base} tokens)`
        : `the newest message with its tool results (${size(last!.messages)} tokens, plus ${base} for the prompt and tools)`;
    throw new ContextTooSmall(
      `${what} do not fit the model's context of ${opts.contextTokens} tokens (${budget} after ${outputReserve(opts.contextTokens)} kept for the answer)`,
    );
  }
  // Newest first: keep whole blocks while they fit; the last user line (the task) stays when it can.
  let used = base;
  let turns = 0;
  let cut = blocks.length;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    const isTurn = b.messages[0]?.role === 'assistant';
    const cost = size(b.messages);
    if (i < blocks.length - 1 && (used + cost > budget || (isTurn && turns >= keepTurns))) break;
    used += cost;
    if (isTurn) turns++;
    cut = i;
  }
  let kept = blocks.slice(cut);
  // The newest user line outside the kept blocks is what the work is for: keep it when it fits.
  const task = blocks.slice(0, cut).findLast((b) => b.messages[0]?.role === 'user');
  let dropped = blocks.slice(0, cut);
  if (task && used + size(task.messages) <= budget) {
    used += size(task.messages);
    dropped = dropped.filter((b) => b !== task);
    kept = [task, ...kept];
  }
  let notes = mergeNotes(dropped.map((b) => b.note));
  let omitted = 0;
  const header = `\n\nEarlier in this session (compacted; the full record is kept in the session transcript):\n`;
  const withNotes = () =>
    notes.length || omitted
      ? `${system}${header}${[...(omitted ? [`(${omitted} older steps omitted)`] : []), ...notes].map((n) => `- ${n}`).join('\n')}`
      : system;
  // Oldest notes give way first; a count of what was left out stays.
  while (notes.length > 0 && used - estimateTokens(system) + estimateTokens(withNotes()) > budget) {
    notes = notes.slice(1);
    omitted++;
  }
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: withNotes() },
    ...kept.flatMap((b) => b.messages),
  ];
  return { messages, tokens: estimateRequest(messages, tools), compacted: dropped.length };
}

/** Runs of successful steps of one tool read as one line: "generate_component: deployment, service, …". */
function mergeNotes(notes: string[]): string[] {
  const out: string[] = [];
  for (const n of notes) {
    const m = /^(\S+) ([^\s{]+) → (?!error|rejected|suggested|no result)/.exec(n);
    const prev = out.at(-1);
    if (m && prev?.startsWith(`${m[1]}: `) && !prev.includes(' → ')) out[out.length - 1] = `${prev}, ${m[2]}`;
    else out.push(m ? `${m[1]}: ${m[2]}` : n);
  }
  return out;
}
