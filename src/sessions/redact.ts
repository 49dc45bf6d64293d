// Secret values never reach a transcript or an export: known secret values (API keys,
// tokens and passwords from the environment and mcp.yaml) are replaced wherever they
// appear, fields whose names say "secret" lose their values, and Secret objects lose data.
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /^(password|passwd|secret|token|api[-_]?key|apikey|client[-_]?secret|authorization|access[-_]?token|refresh[-_]?token|private[-_]?key)$/i;
const SECRET_ENV = /(API_KEY|TOKEN|SECRET|PASSWORD)$/;
const SECRET_KEY_IN_JSON = /"(password|passwd|secret|token|api[-_]?key|apikey|client[-_]?secret|authorization|access[-_]?token|refresh[-_]?token|private[-_]?key)":"[^"]/i;

/** Values of environment variables that hold credentials (OPENAI_API_KEY, MCP_*_TOKEN …). */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([k, v]) => SECRET_ENV.test(k) && typeof v === 'string' && v.length >= 6)
    .map(([, v]) => v as string);
}

export class Redactor {
  private readonly values: string[];

  constructor(values: Iterable<string> = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.values = [...new Set([...values].filter((v) => v.length >= 6))].sort((a, b) => b.length - a.length);
  }

  with(values: Iterable<string>): Redactor {
    return new Redactor([...this.values, ...values]);
  }

  /** Redacts a JSON-compatible value: structure first, then any known value in any string. */
  value<T>(input: T): T {
    // Most events hold nothing to redact; only walk (and copy) the ones that might.
    const text = JSON.stringify(input) ?? '';
    if (!this.values.some((v) => text.includes(v)) && !SECRET_KEY_IN_JSON.test(text) && !text.includes('"kind":"Secret"')) return input;
    return this.walk(input, undefined) as T;
  }

  text(s: string): string {
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }

  private walk(v: unknown, key: string | undefined): unknown {
    if (typeof v === 'string') return key && SECRET_KEY.test(key) && v !== '' ? REDACTED : this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x, undefined));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const isSecretObject = o.kind === 'Secret' && typeof o.apiVersion === 'string';
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) {
        if (isSecretObject && (k === 'data' || k === 'stringData') && x && typeof x === 'object') {
          out[k] = Object.fromEntries(Object.keys(x).map((dk) => [dk, REDACTED]));
        } else out[k] = this.walk(x, k);
      }
      return out;
    }
    return v;
  }
}
