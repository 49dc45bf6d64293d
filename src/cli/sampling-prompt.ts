// A server's sampling request (it wants the session's model to answer something) put to
// the person in plain text, like a call: y approves, n REASON refuses.
import { describeSampling, type SamplingRequest } from '../agent/sampling.js';
import { safeLine } from '../terminal/safe-text.js';
import { paint } from './output.js';

export async function askSampling(
  next: () => Promise<string | undefined>,
  write: (line: string) => void,
  server: string,
  request: SamplingRequest,
): Promise<{ approve: true } | { approve: false; reason?: string }> {
  write(
    `${paint('bold', `? ${safeLine(server)} asks to use the model`)} (sampling, up to ${request.maxTokens} tokens):`,
  );
  write(`  ${safeLine(describeSampling(request))}`);
  for (;;) {
    write('  approve? [y]es / [n]o REASON');
    const line = await next();
    if (line === undefined) return { approve: false, reason: 'input closed' };
    const [word] = line.trim().split(/\s+/);
    if (/^(y|yes)$/i.test(word)) return { approve: true };
    if (/^(n|no)$/i.test(word)) return { approve: false, reason: line.trim().slice(word.length).trim() || undefined };
  }
}
