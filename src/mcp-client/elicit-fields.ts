// The fields of a server's question (MCP elicitation, form mode) and how a typed line
// becomes an answer for one of them. Every face that asks a person uses these: the plain
// chat one line per field, the terminal UI a small form.
import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';

export interface ElicitField {
  key: string;
  label: string;
  description?: string;
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  required: boolean;
  /** "string, a|b, default "x", required": what the person may type. */
  hint: string;
}

export type ElicitAnswer = string | number | boolean | string[];

type Property = Omit<ElicitField, 'key' | 'label' | 'required' | 'hint'> & { title?: string };

/** The requested schema's fields in order, or undefined for a URL elicitation (nothing to type). */
export function elicitFields(request: ElicitRequest['params']): ElicitField[] | undefined {
  if (!('requestedSchema' in request) || !request.requestedSchema) return undefined;
  const schema = request.requestedSchema as { properties?: Record<string, Property>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([key, p]) => {
    const required = schema.required?.includes(key) ?? false;
    const hint = [
      p.type,
      p.enum ? p.enum.join('|') : undefined,
      p.default !== undefined ? `default ${JSON.stringify(p.default)}` : undefined,
      required ? 'required' : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return { ...p, key, label: p.title ?? key, required, hint };
  });
}

/** A typed value from a line, or why the line is not one. */
function parseAnswer(line: string, f: ElicitField): { value: ElicitAnswer } | { error: string } {
  if (f.enum && !f.enum.includes(line)) return { error: `choose one of: ${f.enum.join(', ')}` };
  if (f.type === 'boolean') {
    if (/^(y|yes|true)$/i.test(line)) return { value: true };
    if (/^(n|no|false)$/i.test(line)) return { value: false };
    return { error: 'answer yes or no' };
  }
  if (f.type === 'number' || f.type === 'integer') {
    const n = Number(line);
    if (line.trim() === '' || !Number.isFinite(n) || (f.type === 'integer' && !Number.isInteger(n)))
      return { error: `expected ${f.type === 'integer' ? 'a whole number' : 'a number'}` };
    if ((f.minimum !== undefined && n < f.minimum) || (f.maximum !== undefined && n > f.maximum))
      return { error: `expected a number from ${f.minimum ?? '…'} to ${f.maximum ?? '…'}` };
    return { value: n };
  }
  return { value: line };
}

/**
 * One typed line for a field: its answer, nothing (an empty line for an optional field
 * without default), or why the line will not do.
 */
export function answerField(line: string, f: ElicitField): { value?: ElicitAnswer } | { error: string } {
  if (line === '') {
    if (f.default !== undefined) return { value: f.default as ElicitAnswer };
    return f.required ? { error: 'this field is required' } : {};
  }
  return parseAnswer(line, f);
}
