// What the terminal UI needs for a server's requests beside calls: the card a sampling
// request is shown on (approved or rejected with the call keys), and the servers' prompts
// as `/server:prompt …` completions, fetched once a line first looks like one.
import type { EventOf } from '../sessions/events.js';
import { describeSampling, type SamplingRequest } from '../agent/sampling.js';
import { listPromptCommands, type PromptHub } from '../agent/prompt-commands.js';
import { completeSlash } from './slash.js';

/** Card ids of sampling requests start so; such a card has no arguments to edit. */
export const SAMPLING_CARD = 'sampling-';

export function samplingCard(n: number, server: string, request: SamplingRequest): EventOf<'tool.proposed'> {
  return {
    type: 'tool.proposed',
    seq: -1,
    at: '',
    callId: `${SAMPLING_CARD}${n}`,
    server,
    tool: 'sampling',
    args: { maxTokens: request.maxTokens },
    reasons: [`it asks the session's model: ${describeSampling(request)}`],
    readOnly: true,
  } as EventOf<'tool.proposed'>;
}

export class PromptCompletions {
  private lines?: string[];
  private fetching = false;

  constructor(
    private readonly hub: PromptHub | undefined,
    /** Called once the prompts are known, to complete the line typed meanwhile. */
    private readonly ready: () => void,
  ) {}

  complete(input: string): string[] {
    if (!this.lines && !this.fetching && this.hub && /^\/[\w.-]+:/.test(input)) {
      this.fetching = true;
      void listPromptCommands(this.hub).then((lines) => {
        // Only runnable lines: "no server offers prompts" is not a completion.
        this.lines = lines.filter((l) => l.startsWith('/')).map((l) => l.split(' — ')[0]);
        this.ready();
      });
    }
    return completeSlash(input, this.lines);
  }
}
