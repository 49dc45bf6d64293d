// The SDK client that answers an external server for the session's McpHost: roots,
// elicitation, sampling and logging notifications (see host-capabilities.ts).
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version.js';
import type { McpHost } from './host-capabilities.js';

/** A client for `server` that declares and answers the host capabilities. */
export function hostClient(host: McpHost, server: string, log?: (line: string) => void): Client {
  const client = new Client(
    { name: 'kaptain-kube', version: VERSION },
    { capabilities: { roots: { listChanged: false }, elicitation: { form: {} }, sampling: {} } },
  );
  client.setRequestHandler(ListRootsRequestSchema, async () => ({
    roots: host.roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: 'project' })),
  }));
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    if (!host.elicit)
      throw new McpError(
        ErrorCode.InvalidRequest,
        `kaptain-kube cannot answer "${server}"'s question: ${host.elicitRefusal}`,
      );
    return host.elicit(server, req.params);
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (req, extra) => {
    if (host.sample) return host.sample(server, req.params, extra.signal);
    throw new McpError(
      ErrorCode.InvalidRequest,
      `kaptain-kube refused "${server}"'s sampling request: ${host.samplingRefusal}`,
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
