// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement} and $$ for a
// literal "$". Defaults may themselves hold variables (${A:-${B}}). Pure.

export type Vars = ReadonlyMap<string, string>;

export interface InterpolationProblem {
  /** A required variable (:? or ?) is missing: the file cannot be read. */
  error?: string;
  /** A variable without a default is unset: Compose uses "" and says so. */
  unset?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the "}" closing the brace opened just before `from`, counting nested ${…}. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Interpolates one string; problems are reported, not thrown, so the caller can place them. */
export function interpolate(s: string, vars: Vars, problems: InterpolationProblem[] = []): string {
  if (!s.includes('$')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(s, i + 2);
      if (end < 0) {
        problems.push({ error: `"${s}": "\${" without a closing "}"` });
        return out + s.slice(i);
      }
      out += expand(s.slice(i + 2, end), vars, problems);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (m) {
      out += lookup(m[0], vars, problems);
      i += 1 + m[0].length;
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

function lookup(name: string, vars: Vars, problems: InterpolationProblem[]): string {
  const v = vars.get(name);
  if (v === undefined) problems.push({ unset: name });
  return v ?? '';
}

/** The inside of ${…}: NAME, or NAME followed by an operator and a word. */
function expand(body: string, vars: Vars, problems: InterpolationProblem[]): string {
  const m = NAME.exec(body);
  if (!m) {
    problems.push({ error: `"\${${body}}" is not a variable reference` });
    return '';
  }
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, vars, problems);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) {
    problems.push({ error: `"\${${body}}": unknown operator after ${name}; use :-, -, :?, ?, :+ or +` });
    return '';
  }
  const word = () => interpolate(rest.slice(op.length), vars, problems);
  const value = vars.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : word();
    case '-':
      return set ? value : word();
    case ':?':
    case '?':
      if (op === ':?' ? nonEmpty : set) return value!;
      problems.push({
        error: `required variable ${name} is ${set ? 'empty' : 'not set'}${rest.length > op.length ? `: ${word()}` : ''}`,
      });
      return '';
    case ':+':
      return nonEmpty ? word() : '';
    default:
      return set ? word() : '';
  }
}
