// MCP tool annotations. The approval gate classifies tools by these hints:
// read-only tools return data and change nothing; world-changing tools touch a
// cluster, a repository or a cloud account and always honour a dry-run argument.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

export const WORLD_CHANGING: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
};

/**
 * The tools/list `_meta` key a built-in server sets on tools declared pure. Only the
 * in-process built-ins are believed (see McpHub); any other server's claim is ignored.
 */
export const PURE_META_KEY = 'kaptainkube.dev/pure';
