// Containment of paths that come from outside: a tool result names the files of the
// output tree, and nothing it names may land outside that tree. The rules are lexical
// (checked before anything touches the disk) so that they hold on every platform the
// tree may later be copied to.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * The file the writer keeps in an output directory, listing (as JSON) the files it wrote
 * there. No .json/.yaml extension, so `kubectl apply -f DIR` passes over it.
 */
export const OUTPUT_MANIFEST = '.kaptain-kube-files';

/** Why `path` may not name a file in an output tree, or undefined when it may. */
export function unsafePathReason(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'is not a string';
  if (path.length === 0) return 'is empty';
  if (path.length > 1024) return 'is longer than 1024 characters';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'holds a control character';
  if (path.includes('\\')) return 'holds a backslash (use / between folders)';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  const segments = path.split('/');
  if (segments.some((s) => s === '')) return 'has an empty segment (// or a trailing /)';
  if (segments.some((s) => s === '..')) return 'climbs out with ..';
  if (segments.some((s) => s === '.')) return 'has a . segment';
  if (path === OUTPUT_MANIFEST) return `is the name the writer keeps for its own record (${OUTPUT_MANIFEST})`;
  return undefined;
}

export class UnsafeOutputPath extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`refused file path ${JSON.stringify(path)}: it ${reason}; a file must stay inside the output directory`);
  }
}

/** Throws UnsafeOutputPath for the first path that may not be written. */
export function assertSafePaths(paths: Iterable<unknown>): void {
  for (const p of paths) {
    const why = unsafePathReason(p);
    if (why) throw new UnsafeOutputPath(String(p), why);
  }
}

/** A tool call's outcome as the MCP hub returns it (spelled out here: manifests sit below the hub). */
interface ToolCallOutcome {
  isError: boolean;
  text: string;
  structured?: Record<string, unknown>;
  raw: CallToolResult;
}

/**
 * A tool result whose `files` name a path outside the output tree becomes a tool error,
 * so its files never reach the workspace (and the transcript says why).
 */
export function containResult<T extends ToolCallOutcome>(outcome: T): T {
  const files = outcome.structured?.files;
  if (outcome.isError || !Array.isArray(files)) return outcome;
  for (const f of files) {
    // Lists of plain names (not generated files) are data, not files to write.
    if (typeof f !== 'object' || f === null) continue;
    const why = unsafePathReason((f as { path?: unknown }).path);
    if (why) {
      const text = new UnsafeOutputPath(String((f as { path?: unknown }).path), why).message;
      return { isError: true, text, raw: { isError: true, content: [{ type: 'text', text }] } } as T;
    }
  }
  return outcome;
}
