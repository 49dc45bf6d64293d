// A server's question (MCP elicitation) asked in plain text: its message, then one line per
// field. An empty line takes the field's default (or leaves an optional field out);
// `/decline` refuses to answer, `/cancel` (or end of input) dismisses the question.
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { safeLine } from '../terminal/safe-text.js';
import { paint } from './output.js';

type Field = {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
};
type Answer = string | number | boolean | string[];

/** A typed value from a line, or why the line is not one. */
function parseAnswer(line: string, f: Field): { value: Answer } | { error: string } {
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

export async function askElicitation(
  next: () => Promise<string | undefined>,
  write: (line: string) => void,
  server: string,
  request: ElicitRequest['params'],
): Promise<ElicitResult> {
  if (!('requestedSchema' in request) || !request.requestedSchema) {
    // A URL elicitation asks the person to visit a page; a plain-text face only shows it.
    write(
      paint(
        'yellow',
        `? ${safeLine(server)} asks you to open: ${safeLine(String((request as { url?: unknown }).url ?? ''))}`,
      ),
    );
    return { action: 'decline' };
  }
  const schema = request.requestedSchema as { properties?: Record<string, Field>; required?: string[] };
  write(`${paint('bold', `? ${safeLine(server)} asks:`)} ${safeLine(request.message)}`);
  write(paint('gray', '  (Enter takes the default; /decline refuses, /cancel dismisses)'));
  const content: Record<string, Answer> = {};
  for (const [key, f] of Object.entries(schema.properties ?? {})) {
    const required = schema.required?.includes(key) ?? false;
    const hint = [
      f.type,
      f.enum ? f.enum.join('|') : undefined,
      f.default !== undefined ? `default ${JSON.stringify(f.default)}` : undefined,
      required ? 'required' : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    for (;;) {
      write(`  ${safeLine(f.title ?? key)}${f.description ? ` — ${safeLine(f.description)}` : ''} (${hint}):`);
      const line = await next();
      if (line === undefined || line.trim() === '/cancel') return { action: 'cancel' };
      if (line.trim() === '/decline') return { action: 'decline' };
      if (line === '') {
        if (f.default !== undefined) content[key] = f.default as Answer;
        else if (required) {
          write(paint('yellow', '  this field is required'));
          continue;
        }
        break;
      }
      const parsed = parseAnswer(line, f);
      if ('value' in parsed) {
        content[key] = parsed.value;
        break;
      }
      write(paint('yellow', `  ${parsed.error}`));
    }
  }
  return { action: 'accept', content };
}
