// An MCP server's sampling request (sampling/createMessage) as the chat messages the
// session's model takes: its system prompt, then each message's text, with images and
// audio named rather than sent (a server's request gets no more than text from us).
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { samplingText, type SamplingRequest } from '../sampling.js';

export function samplingMessages(request: SamplingRequest): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (request.systemPrompt) out.push({ role: 'system', content: request.systemPrompt });
  for (const m of request.messages) out.push({ role: m.role, content: samplingText(m.content) });
  return out;
}
