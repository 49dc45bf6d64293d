// What a running tool may tell its caller besides its result: how far it has got
// (only when the caller sent a progress token) and log lines (only at or above the
// level the caller set with logging/setLevel).
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

export interface ToolContext {
  /** `done` of `total` steps, with what is being done now. */
  progress(done: number, total: number, message?: string): Promise<void>;
  log(level: LoggingLevel, message: string): Promise<void>;
}

/** For a tool run outside a request (nobody to tell). */
export const SILENT_CONTEXT: ToolContext = {
  progress: async () => undefined,
  log: async () => undefined,
};
