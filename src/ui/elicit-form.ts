// A server's question (MCP elicitation) as a small form on the terminal UI: the fields
// of its requested schema one after another on the input line, with the type, choices
// and default shown. Enter takes the default of an empty field; /decline refuses to
// answer; Esc dismisses the question.
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { answerField, elicitFields, type ElicitAnswer, type ElicitField } from '../mcp-client/elicit-fields.js';

export interface FormView {
  server: string;
  message: string;
  fields: ElicitField[];
  /** The field being asked; fields.length once all are answered (Enter sends). */
  index: number;
  answers: Record<string, ElicitAnswer>;
  error?: string;
}

/** The form for a request, or the answer right away for a URL elicitation (declined: nothing to type). */
export function openForm(server: string, request: ElicitRequest['params']): FormView | ElicitResult {
  const fields = elicitFields(request);
  if (!fields) return { action: 'decline' };
  return { server, message: request.message, fields, index: 0, answers: {} };
}

/** One submitted line: the form as it now stands, or the answer when it is complete. */
export function submitForm(form: FormView, line: string): FormView | ElicitResult {
  if (line.trim() === '/decline') return { action: 'decline' };
  const f = form.fields[form.index];
  if (!f) return { action: 'accept', content: form.answers };
  const a = answerField(line, f);
  if ('error' in a) return { ...form, error: a.error };
  const answers = a.value === undefined ? form.answers : { ...form.answers, [f.key]: a.value };
  const next = { ...form, answers, index: form.index + 1, error: undefined };
  // A question whose last field is answered goes back at once.
  return next.index >= next.fields.length && next.fields.length > 0 ? { action: 'accept', content: answers } : next;
}

export function isFormView(x: FormView | ElicitResult): x is FormView {
  return 'fields' in x;
}
