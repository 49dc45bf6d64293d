// Terminal output conventions shared by every command: colour only on a TTY and
// never with NO_COLOR, JSON when --output json, errors without stack traces.
import { InputError, CommandError } from '../errors.js';
import { safeJson, safeText } from '../terminal/safe-text.js';

export type OutputFormat = 'text' | 'json';

function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;
export type Style = keyof typeof codes;

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!colorEnabled(stream)) return text;
  const [open, close] = codes[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(JSON.stringify(value, null, 2))}\n`);
}

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new InputError(`--output must be "text" or "json", not "${value}"`);
}

/**
 * Prints an error the way every command does: message, details, no stack unless --verbose.
 * Messages often quote a file, a server or the cluster, so they are made terminal-safe.
 */
export function reportError(err: unknown, verbose = false): void {
  process.stderr.write(formatError(err, verbose));
}

/** The text reportError prints (also what tests compare against). */
export function formatError(err: unknown, verbose = false): string {
  const e = err as Error;
  const label = paint('red', 'error:', process.stderr);
  let out: string;
  if (err instanceof InputError || err instanceof CommandError) {
    out = `${label} ${safeText(e.message)}\n`;
    for (const d of err.details) out += `  ${safeText(d)}\n`;
  } else {
    out = `${label} ${safeText(e?.message ?? String(err))}\n`;
  }
  if (verbose && e?.stack) out += `${paint('gray', safeText(e.stack), process.stderr)}\n`;
  return out;
}
