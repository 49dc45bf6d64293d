// One MCP tool = one file exporting a `defineTool(...)` value: name, schemas,
// annotations and a handler over plain data. The server registers it; tests and
// other servers never call `run` directly, they go through an MCP client.
import type { ToolAnnotations, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { SILENT_CONTEXT, type ToolContext } from './tool-context.js';

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /**
   * A pure generator: its result depends on its arguments (and the product's own
   * templates) only; it reads no user file and touches no network, process or cluster.
   * Only these may run before the approval decision, to show their diff; a test runs
   * each in a sandbox without file, network, child-process or cluster access.
   */
  pure?: boolean;
  /** `ctx` reports progress and log lines to the caller; a tool that has neither ignores it. */
  run(args: z.output<I>, ctx: ToolContext): Promise<z.output<O>> | z.output<O>;
  /** A short human-readable summary of the result for the text content block. */
  summarize?(result: z.output<O>): string;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}

/**
 * An error the tool reports to its caller as a clear message (isError result),
 * as opposed to a bug, which also becomes an isError result but is labelled internal.
 */
export class ToolError extends Error {
  override name = 'ToolError';
}

export async function runTool(
  def: ToolDefinition,
  args: unknown,
  ctx: ToolContext = SILENT_CONTEXT,
): Promise<CallToolResult> {
  try {
    // buildServer (server.ts) checks structuredContent against the output schema before it leaves the server.
    const result = (await def.run(args as never, ctx)) as Record<string, unknown>;
    const text = def.summarize ? def.summarize(result as never) : defaultSummary(def.name, result);
    await ctx.log('debug', `${def.name}: done`);
    return { content: [{ type: 'text', text }], structuredContent: result };
  } catch (err) {
    const known = err instanceof ToolError;
    const message = known ? err.message : `internal error in ${def.name}: ${(err as Error).message}`;
    await ctx.log(known ? 'warning' : 'error', `${def.name}: ${message}`);
    return { isError: true, content: [{ type: 'text', text: message }] };
  }
}

function defaultSummary(name: string, result: Record<string, unknown>): string {
  // Only generated files ({ path, objects }) are listed; other `files` fields are plain data.
  const files = Array.isArray(result.files)
    ? (result.files as { path?: string; objects?: { kind: string; metadata: { name: string } }[] }[]).filter(
        (f): f is { path: string; objects: { kind: string; metadata: { name: string } }[] } =>
          Array.isArray(f?.objects),
      )
    : [];
  const findings = Array.isArray(result.findings)
    ? (result.findings as { severity: string; rule: string; message: string }[])
    : [];
  const reasons = Array.isArray(result.reasons) ? (result.reasons as string[]) : [];
  if (files.length === 0 && findings.length === 0 && reasons.length === 0) return JSON.stringify(result, null, 2);
  const lines = [`${name}:`];
  for (const f of files) lines.push(`  ${f.path}: ${f.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  for (const r of reasons) lines.push(`  because ${r}`);
  for (const f of findings) lines.push(`  ${f.severity} ${f.rule}: ${f.message}`);
  return lines.join('\n');
}
