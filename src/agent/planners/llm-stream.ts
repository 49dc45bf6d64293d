// One streamed Chat Completions request: the text and tool calls put together from the
// deltas, read within the stream limits (llm-limits.ts), and the tokens it used, as the
// server reports them or, for servers that send none, estimated.
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { PlannerMove } from '../engine.js';
import { estimateRequest, estimateTokens } from './llm-budget.js';
import { StreamBudget, type StreamLimits } from './llm-limits.js';

export type ModelCall = { id: string; name: string; arguments: string };
type Usage = Extract<PlannerMove, { type: 'usage' }>['usage'];

export interface ModelAnswer {
  text: string;
  calls: ModelCall[];
  usage: Usage;
}

interface StreamRequest {
  model: string;
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  limits: StreamLimits;
  onToken?: (text: string) => void;
}

export async function streamCompletion(client: OpenAI, req: StreamRequest, signal?: AbortSignal): Promise<ModelAnswer> {
  const { model, messages, tools } = req;
  // Past any limit the request is aborted and the turn fails with ResponseLimitExceeded.
  const budget = new StreamBudget(req.limits);
  const deadline = budget.deadline(signal);
  let text = '';
  const calls = new Map<number, ModelCall>();
  let reported: { prompt_tokens: number; completion_tokens: number } | undefined;
  const body = {
    model,
    messages,
    // A request without tools (sampling) leaves the field out: some servers refuse an empty list.
    ...(tools.length ? { tools } : {}),
    stream: true as const,
    stream_options: { include_usage: true },
  };
  const requestBytes = Buffer.byteLength(JSON.stringify(body));
  try {
    const stream = await client.chat.completions.create(body, { signal: deadline.signal });
    try {
      for await (const chunk of stream) {
        if (chunk.usage) reported = chunk.usage;
        const delta = chunk.choices[0]?.delta;
        budget.take(
          (delta?.content?.length ?? 0) +
            (delta?.tool_calls ?? []).reduce(
              (n, tc) => n + (tc.function?.arguments?.length ?? 0) + (tc.function?.name?.length ?? 0),
              0,
            ),
        );
        if (!delta) continue;
        if (delta.content) {
          text += delta.content;
          req.onToken?.(delta.content);
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
  const out = [...calls.entries()].sort(([a], [b]) => a - b).map(([i, c]) => ({ ...c, id: c.id || `call_${i}` }));
  // Servers that send no usage get the chars/4 estimate, marked as such.
  const usage: Usage = reported
    ? {
        model,
        inputTokens: reported.prompt_tokens,
        outputTokens: reported.completion_tokens,
        estimated: false,
        requestBytes,
      }
    : {
        model,
        inputTokens: estimateRequest(messages, tools),
        outputTokens: estimateTokens(text + out.map((c) => c.name + c.arguments).join('')),
        estimated: true,
        requestBytes,
      };
  return { text: text.trim(), calls: out, usage };
}
