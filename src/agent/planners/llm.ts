// The LLM planner: any OpenAI-compatible Chat Completions server (OpenAI, Ollama, vLLM,
// llama.cpp) proposes the tool calls. Same tools, same approvals, same transcript as the
// rules planner; the model's context is rebuilt from the session on every turn.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Planner, PlannerCall, PlannerMove } from '../engine.js';
import type { SessionState } from '../state.js';
import { buildContext, type ToolNamer } from './llm-context.js';
import { byteCappedFetch, DEFAULT_STREAM_LIMITS, ResponseLimitExceeded, StreamBudget, type StreamLimits } from './llm-limits.js';
import { Redactor, secretValuesFromEnv } from '../../sessions/redact.js';

export interface LlmTool {
  server: string;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface LlmPlannerOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  system: string;
  tools: LlmTool[];
  namer: ToolNamer & { resolve(name: string): { server: string; tool: string } | undefined };
  /** Model turns per user request; a full deploy takes about 32. */
  maxIterations?: number;
  maxRetries?: number;
  /** Extra context per user message seq (a loaded app-config and the reference plan). */
  contextFor?: (text: string) => Promise<string | undefined>;
  onToken?: (text: string) => void;
  timeoutMs?: number;
  /** Bounds on one streamed response (see llm-limits.ts). */
  streamLimits?: Partial<StreamLimits>;
  /** Hides credentials in every request; by default those of the environment plus every name and format rule. */
  redactor?: Redactor;
}

interface Pending {
  turn: string;
  calls: PlannerCall[];
}

export class LlmPlanner implements Planner {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private queue?: Pending;
  private turns = 0;
  private readonly extra = new Map<number, string>();
  private corrections: ChatCompletionMessageParam[] = [];
  private readonly redactor: Redactor;

  constructor(private readonly opts: LlmPlannerOptions) {
    this.redactor = opts.redactor ?? new Redactor(secretValuesFromEnv());
    this.client = new OpenAI({
      apiKey: opts.apiKey ?? 'not-needed',
      baseURL: opts.baseURL,
      maxRetries: opts.maxRetries ?? 3,
      timeout: opts.timeoutMs ?? 120_000,
      fetch: byteCappedFetch(this.limits().maxBytes),
    });
  }

  private limits(): StreamLimits {
    return { ...DEFAULT_STREAM_LIMITS, ...this.opts.streamLimits };
  }

  private tools(): ChatCompletionTool[] {
    // Schemas pass through intact (enum, anyOf …); only names are sanitised.
    return this.opts.tools.map((t) => ({
      type: 'function',
      function: { name: this.opts.namer.nameFor(t.server, t.name), description: t.description.slice(0, 1024), parameters: t.inputSchema },
    }));
  }

  private needsModel(state: SessionState): boolean {
    const lastUser = [...state.messages].reverse().find((m) => m.role === 'user');
    if (!lastUser) return false;
    const after = (seq: number) => seq > lastUser.seq;
    const lastAssistant = [...state.messages].reverse().find((m) => m.role === 'assistant');
    const callsSince = state.calls.filter((c) => after(c.proposed.seq));
    // The model answered in text after the user's last line and no call followed: its turn is over.
    if (lastAssistant && after(lastAssistant.seq) && !callsSince.some((c) => c.proposed.seq > lastAssistant.seq)) return this.corrections.length > 0;
    return true;
  }

  async next(state: SessionState, signal?: AbortSignal): Promise<PlannerMove> {
    if (this.queue && this.queue.calls.length > 0) return { type: 'call', call: this.queue.calls.shift()! };
    if (!this.needsModel(state)) return { type: 'wait' };
    const lastUser = [...state.messages].reverse().find((m) => m.role === 'user')!;
    const iterations = state.calls.filter((c) => c.proposed.seq > lastUser.seq && c.proposed.llm).map((c) => c.proposed.llm!.turn);
    if (new Set(iterations).size >= (this.opts.maxIterations ?? 64)) {
      return { type: 'say', text: `Stopping after ${this.opts.maxIterations ?? 64} model turns for this request. Say "continue" to go on.` };
    }
    if (this.opts.contextFor && !this.extra.has(lastUser.seq)) {
      const ctx = await this.opts.contextFor(lastUser.text).catch((err: Error) => `(could not load the referenced file: ${err.message})`);
      this.extra.set(lastUser.seq, ctx ?? '');
    }
    // The model sees what the transcript would keep: no credential, by name or by format.
    const messages = this.redactor.value([...buildContext(state, this.opts.system, this.opts.namer, this.extra), ...this.corrections]);
    this.corrections = [];
    let response: { text: string; calls: { id: string; name: string; arguments: string }[] };
    try {
      response = await this.complete(messages, signal);
    } catch (err) {
      return { type: 'say', text: explainError(err, this.opts) };
    }
    const turn = `turn-${state.lastSeq + 1}-${++this.turns}`;
    const calls: PlannerCall[] = [];
    const problems: string[] = [];
    for (const c of response.calls) {
      const target = this.opts.namer.resolve(c.name);
      let args: unknown;
      try {
        args = c.arguments.trim() === '' ? {} : JSON.parse(c.arguments);
      } catch (err) {
        problems.push(`${c.name}: arguments are not valid JSON (${(err as Error).message})`);
        continue;
      }
      if (!target) problems.push(`${c.name}: there is no such tool`);
      else if (!args || typeof args !== 'object' || Array.isArray(args)) problems.push(`${c.name}: arguments must be a JSON object`);
      else calls.push({ server: target.server, tool: target.tool, args: args as Record<string, unknown>, reasons: response.text ? [response.text.split('\n')[0].slice(0, 200)] : ['proposed by the model'], llm: { toolCallId: c.id, turn } });
    }
    if (problems.length > 0) {
      // Tell the model what was wrong on its next turn instead of running a broken call.
      this.corrections.push({ role: 'user', content: `Some tool calls were malformed and were not run:\n${problems.join('\n')}\nRetry them with valid arguments that match the tool schemas.` });
    }
    this.queue = { turn, calls };
    if (response.text) return { type: 'say', text: response.text };
    if (calls.length > 0) return { type: 'call', call: this.queue.calls.shift()! };
    if (problems.length > 0) return { type: 'say', text: `The model proposed malformed tool calls (${problems.join('; ')}); asking it to correct them.` };
    // An empty answer still ends the model's turn, so it is not asked again in a loop.
    return { type: 'say', text: '(the model returned no answer)' };
  }

  private async complete(messages: ChatCompletionMessageParam[], signal?: AbortSignal) {
    // Past any limit the request is aborted and the turn fails with ResponseLimitExceeded.
    const budget = new StreamBudget(this.limits());
    const deadline = budget.deadline(signal);
    let text = '';
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    try {
      const stream = await this.client.chat.completions.create({ model: this.opts.model, messages, tools: this.tools(), stream: true }, { signal: deadline.signal });
      try {
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          budget.take((delta?.content?.length ?? 0) + (delta?.tool_calls ?? []).reduce((n, tc) => n + (tc.function?.arguments?.length ?? 0) + (tc.function?.name?.length ?? 0), 0));
          if (!delta) continue;
          if (delta.content) {
            text += delta.content;
            this.opts.onToken?.(delta.content);
          }
          for (const tc of delta.tool_calls ?? []) {
            const cur = calls.get(tc.index) ?? { id: '', name: '', arguments: '' };
            if (tc.id) cur.id = tc.id;
            if (tc.function?.name) cur.name += tc.function.name;
            if (tc.function?.arguments) cur.arguments += tc.function.arguments;
            calls.set(tc.index, cur);
          }
        }
      } finally {
        stream.controller.abort();
      }
      // The SDK ends an aborted stream quietly: a deadline that fired is still a failure.
      const late = deadline.reason();
      if (late) throw late;
    } catch (err) {
      throw deadline.reason() ?? err;
    } finally {
      deadline.clear();
    }
    return { text: text.trim(), calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([i, c]) => ({ ...c, id: c.id || `call_${i}` })) };
  }
}

export function explainError(err: unknown, opts: { baseURL?: string; model: string }): string {
  const where = opts.baseURL ?? 'https://api.openai.com/v1';
  const limit = err instanceof ResponseLimitExceeded ? err : (err as { cause?: unknown })?.cause instanceof ResponseLimitExceeded ? ((err as { cause: ResponseLimitExceeded }).cause) : undefined;
  if (limit) return `Stopped reading the model's answer: ${limit.message}. The request was aborted and nothing from this answer was run. Say "continue" to ask again, or check the model server at ${where}.`;
  if (err instanceof OpenAI.AuthenticationError) return `The model server at ${where} rejected the credentials (401). Set OPENAI_API_KEY to a valid key (or OPENAI_BASE_URL to a server that needs none), then say "continue".`;
  if (err instanceof OpenAI.RateLimitError) return `The model server at ${where} is rate limiting (429) and retries with backoff did not get through. Wait a moment, then say "continue".`;
  if (err instanceof OpenAI.NotFoundError) return `The model "${opts.model}" was not found at ${where} (404). Pick another with --model or KAPTAIN_MODEL.`;
  if (err instanceof OpenAI.BadRequestError) {
    const msg = err.message;
    if (/context|maximum.*tokens|too long/i.test(msg)) return `The conversation no longer fits the model's context window (${msg}). Start a new session, or use a model with a larger context.`;
    return `The model server refused the request (400): ${msg}`;
  }
  if (err instanceof OpenAI.APIConnectionError) return `Could not reach the model server at ${where}: ${(err as Error).message}. Check OPENAI_BASE_URL.`;
  if (err instanceof OpenAI.APIError) return `The model server answered ${err.status ?? 'an error'}: ${err.message}`;
  return `The model call failed: ${(err as Error).message}`;
}
