// Checks arguments against a tool's JSON Schema: edited arguments are refused here,
// before anyone is asked to approve them, in every face.
import { fromJSONSchema } from 'zod';

/** An error message naming each bad field, or undefined when the arguments fit (or the schema cannot be read). */
export function checkToolArgs(inputSchema: unknown, args: Record<string, unknown>): string | undefined {
  if (!inputSchema || typeof inputSchema !== 'object') return undefined;
  let schema;
  try {
    schema = fromJSONSchema(inputSchema as Parameters<typeof fromJSONSchema>[0]);
  } catch {
    // A schema zod cannot read is left to the server, which validates every call itself.
    return undefined;
  }
  const r = schema.safeParse(args);
  if (r.success) return undefined;
  return r.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
}
