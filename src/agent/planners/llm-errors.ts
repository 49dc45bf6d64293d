// A failed model request as the sentence the user reads: what went wrong at which server,
// and what to do about it (a key, a model name, a context size, or just "continue").
import OpenAI from 'openai';
import { ResponseLimitExceeded } from './llm-limits.js';

export function explainError(err: unknown, opts: { baseURL?: string; model: string }): string {
  const where = opts.baseURL ?? 'https://api.openai.com/v1';
  const limit =
    err instanceof ResponseLimitExceeded
      ? err
      : (err as { cause?: unknown })?.cause instanceof ResponseLimitExceeded
        ? (err as { cause: ResponseLimitExceeded }).cause
        : undefined;
  if (limit)
    return `Stopped reading the model's answer: ${limit.message}. The request was aborted and nothing from this answer was run. Say "continue" to ask again, or check the model server at ${where}.`;
  if (err instanceof OpenAI.AuthenticationError)
    return `The model server at ${where} rejected the credentials (401). Set OPENAI_API_KEY to a valid key (or OPENAI_BASE_URL to a server that needs none), then say "continue".`;
  if (err instanceof OpenAI.RateLimitError)
    return `The model server at ${where} is rate limiting (429) and retries with backoff did not get through. Wait a moment, then say "continue".`;
  if (err instanceof OpenAI.NotFoundError)
    return `The model "${opts.model}" was not found at ${where} (404). Pick another with --model or KAPTAIN_MODEL.`;
  if (err instanceof OpenAI.BadRequestError) {
    const msg = err.message;
    if (/context|maximum.*tokens|too long/i.test(msg))
      return `The conversation no longer fits the model's context window (${msg}). Set --context-tokens to the server's real context size so requests are compacted to fit, start a new session, or use a model with a larger context.`;
    return `The model server refused the request (400): ${msg}`;
  }
  if (err instanceof OpenAI.APIConnectionError)
    return `Could not reach the model server at ${where}: ${(err as Error).message}. Check OPENAI_BASE_URL.`;
  if (err instanceof OpenAI.APIError) return `The model server answered ${err.status ?? 'an error'}: ${err.message}`;
  return `The model call failed: ${(err as Error).message}`;
}
