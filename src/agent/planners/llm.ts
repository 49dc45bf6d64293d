// The LLM planner: any OpenAI-compatible Chat Completions server (OpenAI, Ollama, vLLM,
// llama.cpp) proposes the tool calls. Same tools, same approvals, same transcript as the
// rules planner; the model's context is rebuilt from the session on every turn, fitted
// to its context window (llm-budget.ts), with compact tools (llm-tools.ts), streamed within
// bounds (llm-stream.ts), and the tokens of every request go to the transcript as
// model.usage events.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Planner, PlannerCall, PlannerMove } from '../engine.js';
import type { SessionState } from '../../sessions/state.js';
import { buildBlocks, type ToolNamer } from './llm-context.js';
import { ContextTooSmall, defaultContextTokens, fitContext, outputReserve } from './llm-budget.js';
import { CompactToolbox, type LlmTool } from './llm-tools.js';
import type { DeployTarget } from './rules-deploy.js';
import { byteCappedFetch, DEFAULT_STREAM_LIMITS, type StreamLimits } from './llm-limits.js';
import { streamCompletion, type ModelAnswer, type ModelCall } from './llm-stream.js';
import { explainError } from './llm-errors.js';
import { Redactor, secretValuesFromEnv } from '../../sessions/redact.js';
import { samplingMessages } from './llm-sampling.js';
import type { SamplingAnswer, SamplingRequest } from '../sampling.js';

export type { LlmTool } from './llm-tools.js';

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
  /** Offer compact tools: the session's app is resolved by the host (see llm-tools.ts). Without it every tool goes out with its full schema. */
  compact?: { loadTarget: (path: string) => Promise<DeployTarget> };
  /** The model's context window in tokens; by default from the model's name (8,192 when unknown). */
  contextTokens?: number;
  /** Stop asking the model once the session has used this many tokens (in + out). */
  maxTokensPerSession?: number;
  onToken?: (text: string) => void;
  timeoutMs?: number;
  /** Bounds on one streamed response (see llm-limits.ts). */
  streamLimits?: Partial<StreamLimits>;
  /** Hides credentials in every request; by default those of the environment plus every name and format rule. */
  redactor?: Redactor;
}

/** Host-answered tool calls of this user request, shown to the model until it makes a real call. */
const LOCAL_ROUNDS = 4;

export class LlmPlanner implements Planner {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private outbox: PlannerMove[] = [];
  private turns = 0;
  private readonly extra = new Map<number, string>();
  private corrections: ChatCompletionMessageParam[] = [];
  private scratch: ChatCompletionMessageParam[] = [];
  private scratchSeq = -1;
  private readonly redactor: Redactor;
  private readonly toolbox?: CompactToolbox;
  readonly contextTokens: number;

  constructor(private readonly opts: LlmPlannerOptions) {
    this.redactor = opts.redactor ?? new Redactor(secretValuesFromEnv());
    this.client = new OpenAI({
      apiKey: opts.apiKey ?? 'not-needed',
      baseURL: opts.baseURL,
      maxRetries: opts.maxRetries ?? 3,
      timeout: opts.timeoutMs ?? 120_000,
      fetch: byteCappedFetch(this.limits().maxBytes),
    });
    this.contextTokens = opts.contextTokens ?? defaultContextTokens(opts.model);
    if (opts.compact) this.toolbox = new CompactToolbox(opts.tools, opts.namer, opts.compact.loadTarget);
  }

  private limits(): StreamLimits {
    return { ...DEFAULT_STREAM_LIMITS, ...this.opts.streamLimits };
  }

  private tools(): ChatCompletionTool[] {
    if (this.toolbox) return this.toolbox.definitions();
    // Schemas pass through intact (enum, anyOf …); only names are sanitised.
    return this.opts.tools.map((t) => ({
      type: 'function',
      function: {
        name: this.opts.namer.nameFor(t.server, t.name),
        description: t.description.slice(0, 1024),
        parameters: t.inputSchema,
      },
    }));
  }

  private needsModel(state: SessionState): boolean {
    const lastUser = [...state.messages].reverse().find((m) => m.role === 'user');
    if (!lastUser) return false;
    const after = (seq: number) => seq > lastUser.seq;
    const lastAssistant = [...state.messages].reverse().find((m) => m.role === 'assistant');
    const callsSince = state.calls.filter((c) => after(c.proposed.seq));
    // The model answered in text after the user's last line and no call followed: its turn is over.
    if (lastAssistant && after(lastAssistant.seq) && !callsSince.some((c) => c.proposed.seq > lastAssistant.seq))
      return this.corrections.length > 0;
    return true;
  }

  /** The request as it fits the context budget, redacted. */
  private request(state: SessionState, tools: ChatCompletionTool[]): ChatCompletionMessageParam[] {
    const maxResultChars = Math.min(4000, this.contextTokens / 2);
    const describe = (c: SessionState['calls'][number]) =>
      c.proposed.llm?.name === 'plan' && this.toolbox
        ? `${c.result!.text.split('\n')[0]}\n${this.toolbox.planText(state)}`
        : undefined;
    const blocks = buildBlocks(state, this.opts.namer, this.extra, { describe, maxResultChars });
    if (this.scratch.length > 0) blocks.push({ messages: this.scratch, note: 'tool searches and file reads' });
    if (this.corrections.length > 0) blocks.push({ messages: this.corrections, note: 'corrections' });
    const fitted = fitContext(this.opts.system, blocks, tools, { contextTokens: this.contextTokens });
    // The model sees what the transcript would keep: no credential, by name or by format.
    return this.redactor.value(fitted.messages);
  }

  /** One answer without tools, for an MCP server's sampling request (see llm-sampling.ts). */
  async sample(request: SamplingRequest, signal?: AbortSignal): Promise<SamplingAnswer> {
    const r = await this.complete(this.redactor.value(samplingMessages(request)), [], signal);
    return { text: r.text, usage: r.usage };
  }

  async next(state: SessionState, signal?: AbortSignal): Promise<PlannerMove> {
    if (this.outbox.length > 0) return this.outbox.shift()!;
    if (!this.needsModel(state)) return { type: 'wait' };
    const lastUser = [...state.messages].reverse().find((m) => m.role === 'user')!;
    const iterations = state.calls
      .filter((c) => c.proposed.seq > lastUser.seq && c.proposed.llm)
      .map((c) => c.proposed.llm!.turn);
    if (new Set(iterations).size >= (this.opts.maxIterations ?? 64)) {
      return {
        type: 'say',
        text: `Stopping after ${this.opts.maxIterations ?? 64} model turns for this request. Say "continue" to go on.`,
      };
    }
    const max = this.opts.maxTokensPerSession;
    const used = (state.usage?.inputTokens ?? 0) + (state.usage?.outputTokens ?? 0);
    if (max !== undefined && used >= max) {
      return {
        type: 'say',
        text: `Stopped: this session has used ${used} model tokens (${state.usage!.inputTokens} in, ${state.usage!.outputTokens} out), the limit set by --max-tokens-per-session ${max}. Start a new session, or resume this one with a higher limit.`,
      };
    }
    if (!this.extra.has(lastUser.seq)) {
      const path = this.toolbox && lastConfigPath(state);
      if (path) await this.toolbox!.useConfig(path).catch(() => undefined);
      const ctx = this.opts.contextFor
        ? await this.opts
            .contextFor(lastUser.text)
            .catch((err: Error) => `(could not load the referenced file: ${err.message})`)
        : undefined;
      this.extra.set(lastUser.seq, ctx ?? '');
    }
    // Tool searches and file reads belong to the request they were made for.
    if (this.scratchSeq !== lastUser.seq) this.scratch = [];
    this.scratchSeq = lastUser.seq;
    const moves: PlannerMove[] = [];
    for (let round = 0; ; round++) {
      const tools = this.tools();
      let messages: ChatCompletionMessageParam[];
      try {
        messages = this.request(state, tools);
      } catch (err) {
        if (!(err instanceof ContextTooSmall)) throw err;
        this.corrections = [];
        this.outbox = [...moves];
        return this.settle({
          type: 'say',
          text: `Not sent: ${err.message}. Raise the context with --context-tokens (or the contextTokens setting) if the model allows it, or start a new session.`,
        });
      }
      this.corrections = [];
      let response: ModelAnswer;
      try {
        response = await this.complete(messages, tools, signal);
      } catch (err) {
        this.outbox = [...moves];
        return this.settle({ type: 'say', text: explainError(err, this.opts) });
      }
      moves.push({ type: 'usage', usage: response.usage });
      const turn = `turn-${state.lastSeq + 1}-${++this.turns}`;
      const { calls, problems, local } = await this.expand(response, turn, state);
      if (problems.length > 0) {
        // Tell the model what was wrong on its next turn instead of running a broken call.
        this.corrections.push({
          role: 'user',
          content: `Some tool calls were malformed and were not run:\n${problems.join('\n')}\nRetry them with valid arguments that match the tool schemas.`,
        });
      }
      if (local.length > 0) {
        this.scratch.push({
          role: 'assistant',
          content: response.text || null,
          tool_calls: local.map((l) => ({
            id: l.id,
            type: 'function',
            function: { name: l.name, arguments: l.arguments },
          })),
        });
        for (const l of local) this.scratch.push({ role: 'tool', tool_call_id: l.id, content: l.content });
      }
      if (calls.length > 0) this.scratch = [];
      // Only host-answered calls: ask again right away, the model has its answers.
      if (local.length > 0 && calls.length === 0 && problems.length === 0 && round < LOCAL_ROUNDS) continue;
      if (response.text) moves.push({ type: 'say', text: response.text });
      for (const call of calls) moves.push({ type: 'call', call });
      if (!response.text && calls.length === 0) {
        if (problems.length > 0)
          moves.push({
            type: 'say',
            text: `The model proposed malformed tool calls (${problems.join('; ')}); asking it to correct them.`,
          });
        // An empty answer still ends the model's turn, so it is not asked again in a loop.
        else
          moves.push({
            type: 'say',
            text:
              local.length > 0 ? '(the model kept searching tools without acting)' : '(the model returned no answer)',
          });
      }
      this.outbox = moves;
      return this.outbox.shift()!;
    }
  }

  private settle(last: PlannerMove): PlannerMove {
    this.outbox.push(last);
    return this.outbox.shift()!;
  }

  /** Parses and expands the model's calls: MCP calls for the gate, host answers, and what was malformed. */
  private async expand(response: { text: string; calls: ModelCall[] }, turn: string, state: SessionState) {
    const calls: PlannerCall[] = [];
    const problems: string[] = [];
    const local: (ModelCall & { content: string })[] = [];
    const reasons = response.text ? [response.text.split('\n')[0].slice(0, 200)] : ['proposed by the model'];
    for (const c of response.calls) {
      let args: unknown;
      try {
        args = c.arguments.trim() === '' ? {} : JSON.parse(c.arguments);
      } catch (err) {
        problems.push(`${c.name}: arguments are not valid JSON (${(err as Error).message})`);
        continue;
      }
      if (!args || typeof args !== 'object' || Array.isArray(args)) {
        problems.push(`${c.name}: arguments must be a JSON object`);
        continue;
      }
      if (!this.toolbox) {
        const target = this.opts.namer.resolve(c.name);
        if (!target) problems.push(`${c.name}: there is no such tool`);
        else
          calls.push({
            server: target.server,
            tool: target.tool,
            args: args as Record<string, unknown>,
            reasons,
            llm: { toolCallId: c.id, turn },
          });
        continue;
      }
      const budget = this.contextTokens - outputReserve(this.contextTokens);
      const x = await this.toolbox.expand(c.name, args as Record<string, unknown>, state, Math.floor(budget / 2));
      if (x.kind === 'error') problems.push(x.message);
      else if (x.kind === 'local') local.push({ ...c, content: x.content });
      else calls.push({ ...x.call, reasons, llm: { toolCallId: c.id, turn, name: c.name, arguments: c.arguments } });
    }
    return { calls, problems, local };
  }

  private complete(
    messages: ChatCompletionMessageParam[],
    tools: ChatCompletionTool[],
    signal?: AbortSignal,
  ): Promise<ModelAnswer> {
    const req = { model: this.opts.model, messages, tools, limits: this.limits(), onToken: this.opts.onToken };
    return streamCompletion(this.client, req, signal);
  }
}

const YAML_PATH = /([^\s'"]+\.ya?ml)\b/;

/** The config the session is about: the latest named by the user or planned by the model (also after a resume). */
function lastConfigPath(state: SessionState): string | undefined {
  const named = [
    ...state.messages.filter((m) => m.role === 'user').map((m) => ({ seq: m.seq, path: YAML_PATH.exec(m.text)?.[1] })),
    ...state.calls
      .filter((c) => c.proposed.llm?.name === 'plan')
      .map((c) => ({ seq: c.proposed.seq, path: YAML_PATH.exec(c.proposed.llm!.arguments ?? '')?.[1] })),
  ];
  return named
    .filter((n) => n.path)
    .sort((a, b) => a.seq - b.seq)
    .at(-1)?.path;
}
