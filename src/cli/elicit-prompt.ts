// A server's question (MCP elicitation) asked in plain text: its message, then one line per
// field. An empty line takes the field's default (or leaves an optional field out);
// `/decline` refuses to answer, `/cancel` (or end of input) dismisses the question.
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { answerField, elicitFields, type ElicitAnswer } from '../mcp-client/elicit-fields.js';
import { safeLine } from '../terminal/safe-text.js';
import { paint } from './output.js';

export async function askElicitation(
  next: () => Promise<string | undefined>,
  write: (line: string) => void,
  server: string,
  request: ElicitRequest['params'],
): Promise<ElicitResult> {
  const fields = elicitFields(request);
  if (!fields) {
    // A URL elicitation asks the person to visit a page; a plain-text face only shows it.
    write(
      paint(
        'yellow',
        `? ${safeLine(server)} asks you to open: ${safeLine(String((request as { url?: unknown }).url ?? ''))}`,
      ),
    );
    return { action: 'decline' };
  }
  write(`${paint('bold', `? ${safeLine(server)} asks:`)} ${safeLine(request.message)}`);
  write(paint('gray', '  (Enter takes the default; /decline refuses, /cancel dismisses)'));
  const content: Record<string, ElicitAnswer> = {};
  for (const f of fields) {
    for (;;) {
      write(`  ${safeLine(f.label)}${f.description ? ` — ${safeLine(f.description)}` : ''} (${f.hint}):`);
      const line = await next();
      if (line === undefined || line.trim() === '/cancel') return { action: 'cancel' };
      if (line.trim() === '/decline') return { action: 'decline' };
      const a = answerField(line, f);
      if ('error' in a) {
        write(paint('yellow', `  ${a.error}`));
        continue;
      }
      if (a.value !== undefined) content[f.key] = a.value;
      break;
    }
  }
  return { action: 'accept', content };
}
