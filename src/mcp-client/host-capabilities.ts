// What our client offers an external server beyond calling its tools: roots (the project
// directory), elicitation (answered by whoever the session lets ask a person; refused
// otherwise), sampling (refused, with the reason), and logging notifications (to the
// server's log file). One McpHost serves every connection of a session.
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version.js';

/** Asks a person a server's question; absent means nobody can be asked (e.g. `--approval yes`). */
export type Elicitor = (server: string, request: ElicitRequest['params']) => Promise<ElicitResult>;

export class McpHost {
  /** Set by a face that can ask a person (scripted chat, the TUI). */
  elicit?: Elicitor;
  /** Why nobody can be asked, when nobody can. */
  elicitRefusal = 'this session has no one to ask';
  /** Why sampling is refused (the rules planner has no model to sample). */
  samplingRefusal = 'this client does not offer its model to servers';

  constructor(readonly roots: readonly string[] = [process.cwd()]) {}

  /** A client for `server` that declares and answers the host capabilities. */
  client(server: string, log?: (line: string) => void): Client {
    const client = new Client(
      { name: 'kaptain-kube', version: VERSION },
      { capabilities: { roots: { listChanged: false }, elicitation: { form: {} }, sampling: {} } },
    );
    client.setRequestHandler(ListRootsRequestSchema, async () => ({
      roots: this.roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: 'project' })),
    }));
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      if (!this.elicit)
        throw new McpError(
          ErrorCode.InvalidRequest,
          `kaptain-kube cannot answer "${server}"'s question: ${this.elicitRefusal}`,
        );
      return this.elicit(server, req.params);
    });
    client.setRequestHandler(CreateMessageRequestSchema, async () => {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `kaptain-kube refused "${server}"'s sampling request: ${this.samplingRefusal}`,
      );
    });
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (n) => {
      const { level, logger, data } = n.params;
      log?.(
        `[${new Date().toISOString()}] ${level}${logger ? ` ${logger}` : ''}: ${typeof data === 'string' ? data : JSON.stringify(data)}\n`,
      );
    });
    return client;
  }
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
