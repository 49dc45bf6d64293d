// Bounds on one streamed model response. A server that never ends its stream (or sends
// one endless line) would otherwise grow the process without limit: the planner stops
// reading past any of these, aborts the request and tells the user.

export interface StreamLimits {
  /** Text plus tool-call arguments, in characters. */
  maxChars: number;
  /** Streamed chunks, however small: an endless run of empty deltas is stopped too. */
  maxChunks: number;
  /** Raw response bytes: bounds what the SSE decoder buffers, even for a line that never ends. */
  maxBytes: number;
  /** Wall time from the request to the last chunk. */
  maxMs: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxChars: 1024 * 1024,
  maxChunks: 500_000,
  maxBytes: 64 * 1024 * 1024,
  maxMs: 10 * 60_000,
};

/** The model's response went past a limit; the message says which. */
export class ResponseLimitExceeded extends Error {
  override name = 'ResponseLimitExceeded';
}

const mib = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;

/** Counts a streamed response against the limits; throws ResponseLimitExceeded past one. */
export class StreamBudget {
  private chars = 0;
  private chunks = 0;

  constructor(private readonly limits: StreamLimits) {}

  take(chars: number): void {
    this.chars += chars;
    this.chunks++;
    if (this.chars > this.limits.maxChars)
      throw new ResponseLimitExceeded(
        `the response passed ${mib(this.limits.maxChars)} of text and tool-call arguments`,
      );
    if (this.chunks > this.limits.maxChunks)
      throw new ResponseLimitExceeded(`the response passed ${this.limits.maxChunks} streamed chunks`);
  }

  /** A signal that fires after maxMs (with the reason), joined with the caller's. */
  deadline(signal: AbortSignal | undefined): {
    signal: AbortSignal;
    clear(): void;
    reason(): ResponseLimitExceeded | undefined;
  } {
    const ac = new AbortController();
    const timer = setTimeout(
      () => ac.abort(new ResponseLimitExceeded(`the response took longer than ${this.limits.maxMs / 1000}s`)),
      this.limits.maxMs,
    );
    timer.unref();
    return {
      signal: signal ? AbortSignal.any([signal, ac.signal]) : ac.signal,
      clear: () => clearTimeout(timer),
      reason: () => (ac.signal.aborted ? (ac.signal.reason as ResponseLimitExceeded) : undefined),
    };
  }
}

/** fetch whose response bodies fail past maxBytes, so no decoder buffers more than that. */
export function byteCappedFetch(maxBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (!res.body) return res;
    let seen = 0;
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(new ResponseLimitExceeded(`the response passed ${mib(maxBytes)}`));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
