// The protocol features a built-in server offers beside tools and resources: logging
// (logging/setLevel honoured per connection), progress and log lines from running tools,
// prompts, and completion of prompt arguments. Kept apart from server.ts so a server
// without prompts pays for none of it.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  LoggingLevelSchema,
  McpError,
  SetLevelRequestSchema,
  type LoggingLevel,
} from '@modelcontextprotocol/sdk/types.js';
import { listedPrompts, promptMessages } from './handlers.js';
import type { PromptDefinition } from './prompt.js';
import type { ToolContext } from './tool-context.js';

const SEVERITY = LoggingLevelSchema.options;

/** The part of a request handler's `extra` a tool context needs. */
interface RequestExtra {
  sessionId?: string;
  _meta?: { progressToken?: string | number };
  sendNotification(n: { method: string; params: Record<string, unknown> }): Promise<void>;
}

/**
 * Records the level each connection asks for; messages below it are not sent. Until a
 * client sets one, every level is sent (the SDK's own rule). Over stateless HTTP each
 * request is its own connection, so a level lasts for that request only.
 */
export function serveLogging(server: Server): (sessionId: string | undefined) => LoggingLevel | undefined {
  const levels = new Map<string | undefined, LoggingLevel>();
  server.setRequestHandler(SetLevelRequestSchema, (req, extra) => {
    levels.set(extra.sessionId, req.params.level);
    return {};
  });
  return (sessionId) => levels.get(sessionId);
}

/** Progress and log lines for one tools/call, sent on that request's own stream. */
export function toolContext(
  logger: string,
  extra: RequestExtra,
  level: (sessionId: string | undefined) => LoggingLevel | undefined,
): ToolContext {
  const token = extra._meta?.progressToken;
  const send = (method: string, params: Record<string, unknown>) =>
    extra.sendNotification({ method, params }).catch(() => undefined); // a caller gone away is not the tool's failure
  return {
    progress: async (progress, total, message) => {
      if (token !== undefined)
        await send('notifications/progress', {
          progressToken: token,
          progress,
          total,
          ...(message ? { message } : {}),
        });
    },
    log: async (lvl, data) => {
      const min = level(extra.sessionId);
      if (!min || SEVERITY.indexOf(lvl) >= SEVERITY.indexOf(min))
        await send('notifications/message', { level: lvl, logger, data });
    },
  };
}

/** prompts/list, prompts/get and completion/complete for a server's prompts. */
export function servePrompts(server: Server, prompts: PromptDefinition[]): void {
  const byName = new Map(prompts.map((p) => [p.name, p]));
  const find = (name: string): PromptDefinition => {
    const p = byName.get(name);
    if (!p) throw new McpError(ErrorCode.InvalidParams, `Prompt ${name} not found; see prompts/list`);
    return p;
  };
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: listedPrompts(prompts) }));
  server.setRequestHandler(GetPromptRequestSchema, (req) => {
    const got = promptMessages(prompts, req.params.name, req.params.arguments);
    if (typeof got === 'string') throw new McpError(ErrorCode.InvalidParams, got);
    return got;
  });
  server.setRequestHandler(CompleteRequestSchema, async (req) => {
    const ref = req.params.ref;
    // These servers have no resource templates; fixed URIs have nothing to complete.
    if (ref.type !== 'ref/prompt') return { completion: { values: [], hasMore: false } };
    const arg = find(ref.name).arguments.find((a) => a.name === req.params.argument.name);
    const typed = req.params.argument.value.toLowerCase();
    const values = ((await arg?.values?.()) ?? []).filter((v) => v.toLowerCase().startsWith(typed));
    // The protocol caps an answer at 100 values.
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
  });
}
