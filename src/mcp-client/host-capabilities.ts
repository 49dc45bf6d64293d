// What our client offers an external server beyond calling its tools: roots (the project
// directory), elicitation (answered by whoever the session lets ask a person; refused
// otherwise), sampling (through the session's model once a face approves it; refused, with
// the reason, otherwise), and logging notifications (to the server's log file). One McpHost
// serves every connection of a session; host-client.ts builds the SDK client that answers
// for it, loaded only when mcp.yaml names servers.
import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';

/** Asks a person a server's question; absent means nobody can be asked (e.g. `--approval yes`). */
export type Elicitor = (server: string, request: ElicitRequest['params']) => Promise<ElicitResult>;

/** Answers a server's sampling request with the session's model; throws McpError to refuse. */
export type Sampler = (
  server: string,
  request: CreateMessageRequest['params'],
  signal: AbortSignal,
) => Promise<CreateMessageResult>;

export class McpHost {
  /** Set by a face that can ask a person (scripted chat, the TUI). */
  elicit?: Elicitor;
  /** Why nobody can be asked, when nobody can. */
  elicitRefusal = 'this session has no one to ask';
  /** Set when the session's planner has a model a server may sample (after approval). */
  sample?: Sampler;
  /** Why sampling is refused (the rules planner has no model to sample). */
  samplingRefusal = 'this client does not offer its model to servers';

  constructor(readonly roots: readonly string[] = [process.cwd()]) {}
}

/** An accepted answer made of the schema's defaults (what a person who just presses Enter gives). */
export function defaultsOf(request: ElicitRequest['params']): Record<string, string | number | boolean | string[]> {
  const props = ('requestedSchema' in request ? request.requestedSchema?.properties : undefined) ?? {};
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [k, p] of Object.entries(props)) {
    const d = (p as { default?: unknown }).default;
    if (d !== undefined) out[k] = d as string | number | boolean | string[];
  }
  return out;
}
