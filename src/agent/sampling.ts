// MCP sampling in a session: an external server may ask the session's model a question
// (sampling/createMessage) while one of its tools runs. It is put to the person like a
// call — approved on a card, or by the `yes` policy — recorded in the transcript with the
// model's answer, and counted in the session's usage. The rules planner has no model, so
// there the request is refused with that reason (host.samplingRefusal).
import type { CreateMessageRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpHost } from '../mcp-client/host-capabilities.js';
import type { PlannerMove, SessionEngine } from './engine.js';

export type SamplingRequest = CreateMessageRequest['params'];

/** Why a session with the rules planner refuses sampling. */
export const RULES_SAMPLING_REFUSAL =
  'the rules planner has no model to sample with (chat with --llm-provider openai to allow it)';

export interface SamplingAnswer {
  text: string;
  usage: Extract<PlannerMove, { type: 'usage' }>['usage'];
}

/** A planner with a model a server may sample (the LLM planner). */
interface SamplingPlanner {
  sample(request: SamplingRequest, signal?: AbortSignal): Promise<SamplingAnswer>;
}

/** Asks the person whether a server may use the model for this request. */
export type SamplingApprover = (
  server: string,
  request: SamplingRequest,
) => Promise<{ approve: true } | { approve: false; reason?: string }>;

type Block = { type: string; text?: string; mimeType?: string };

/** A message's content as text; images and audio are named, not sent. */
export function samplingText(content: unknown): string {
  return (Array.isArray(content) ? (content as Block[]) : [content as Block])
    .map((c) => (c.type === 'text' ? (c.text ?? '') : `[${c.type}${c.mimeType ? ` ${c.mimeType}` : ''} omitted]`))
    .join('\n');
}

/** The request in one short line, for the card and the transcript. */
export function describeSampling(request: SamplingRequest): string {
  const text = request.messages.map((m) => samplingText(m.content)).join(' / ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function canSample(planner: unknown): planner is SamplingPlanner {
  return typeof (planner as Partial<SamplingPlanner>).sample === 'function';
}

export function offerSampling(
  host: McpHost,
  engine: SessionEngine,
  planner: unknown,
  approve: SamplingApprover | undefined,
): void {
  if (!canSample(planner)) return;
  host.sample = async (server, request, signal) => {
    const summary = describeSampling(request);
    const policy = engine.state.policy;
    const decision: { approve: boolean; reason?: string; by: 'user' | 'policy' } =
      policy === 'yes'
        ? { approve: true, by: 'policy' }
        : policy === 'suggest'
          ? { approve: false, by: 'policy', reason: 'the suggest policy runs nothing' }
          : approve
            ? { ...(await approve(server, request)), by: 'user' }
            : { approve: false, by: 'policy', reason: 'no one can approve it in this session' };
    if (!decision.approve) {
      await engine.emit({
        type: 'sampling',
        server,
        request: summary,
        decision: 'reject',
        by: decision.by,
        reason: decision.reason,
      });
      // Only an external server samples, so the SDK is loaded by then; a run without one never loads it.
      const { ErrorCode, McpError } = await import('@modelcontextprotocol/sdk/types.js');
      throw new McpError(
        ErrorCode.InvalidRequest,
        `kaptain-kube refused "${server}"'s sampling request: ${decision.reason ?? 'the user declined it'}`,
      );
    }
    const answer = await planner.sample(request, signal);
    await engine.emit({ type: 'model.usage', ...answer.usage });
    await engine.emit({
      type: 'sampling',
      server,
      request: summary,
      decision: 'approve',
      by: decision.by,
      answer: answer.text,
    });
    return {
      role: 'assistant',
      content: { type: 'text', text: answer.text },
      model: answer.usage.model,
      stopReason: 'endTurn',
    };
  };
}
