// kubectl output loses Secret values and credentials before it leaves the tool, so
// neither the transcript nor the model ever holds them. Structured output (json,
// yaml) is redacted as objects: a Secret keeps its keys, not its values, and so does
// the last-applied annotation that repeats them. Any output (describe, logs, tables,
// stderr, output that does not parse) then loses values of credential-named fields,
// bearer tokens, JWTs, private keys and known token formats. Which names are
// credentials is decided in one place for the whole product (src/secrets/patterns.ts).
import { parseAllDocuments, stringify } from 'yaml';
import { REDACTED, isSecretName, redactSecretText } from '../../src/secrets/patterns.js';

export { REDACTED };

/** Values that are not secrets whatever their field's name (flags, sizes, references, already redacted). */
const HARMLESS =
  /^(true|false|null|~|\{\}|\[\]|[|>][-+]?|\d+ bytes|<(none|unset|nil|set to the key [^>]*)>.*|\[REDACTED\]|REDACTED|DATA\+OMITTED|"?"?)$/i;
/** A value as written on a line: without the quotes and the comma JSON puts around it. */
const harmless = (val: string) =>
  HARMLESS.test(
    val
      .trim()
      .replace(/,$/, '')
      .replace(/^(["'])(.*)\1$/, '$2'),
  );
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function redactKubectlOutput(text: string): string {
  return redactText(redactStructured(text));
}

function redactStructured(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    try {
      const r = walk(JSON.parse(text), false);
      return r.changed ? `${JSON.stringify(r.value, null, 4)}\n` : text;
    } catch {
      return redactSecretBlocksJson(text);
    }
  }
  if (/^(apiVersion|kind|items|---)\b/.test(t)) {
    const docs = parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return redactSecretBlocksYaml(text);
    let changed = false;
    const out = docs.map((d) => {
      const r = walk(d.toJS(), false);
      changed ||= r.changed;
      return stringify(r.value, { lineWidth: 0, indentSeq: false });
    });
    return changed ? out.join('---\n') : text;
  }
  return text;
}

type Walked = { value: unknown; changed: boolean };

function walk(v: unknown, inSecretList: boolean): Walked {
  if (Array.isArray(v)) {
    let changed = false;
    const value = v.map((x) => {
      const r = walk(x, inSecretList);
      changed ||= r.changed;
      return r.value;
    });
    return { value, changed };
  }
  if (!v || typeof v !== 'object') return { value: v, changed: false };
  const o = v as Record<string, unknown>;
  // Items of a SecretList (get --raw) carry no kind of their own.
  const isSecret = o.kind === 'Secret' || (inSecretList && o.kind === undefined && 'data' in o);
  const secretList = typeof o.kind === 'string' && o.kind.endsWith('SecretList');
  let changed = false;
  const value: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if (isSecret && (k === 'data' || k === 'stringData') && x && typeof x === 'object') {
      value[k] = Object.fromEntries(Object.keys(x).map((key) => [key, REDACTED]));
      changed = true;
    } else if (k === LAST_APPLIED && typeof x === 'string') {
      value[k] = redactLastApplied(x);
      changed ||= value[k] !== x;
    } else if (
      typeof x === 'string' &&
      !HARMLESS.test(x) &&
      (isSecretName(k) || (k === 'value' && typeof o.name === 'string' && isSecretName(o.name)))
    ) {
      // A credential-named field, or a container env entry { name: DB_PASSWORD, value: … }.
      value[k] = REDACTED;
      changed = true;
    } else {
      const r = walk(x, k === 'items' && secretList);
      value[k] = r.value;
      changed ||= r.changed;
    }
  }
  return { value, changed };
}

function redactLastApplied(s: string): string {
  try {
    const r = walk(JSON.parse(s), false);
    return r.changed ? JSON.stringify(r.value) : s;
  } catch {
    return /"kind"\s*:\s*"Secret"/.test(s) ? REDACTED : s;
  }
}

/** Output that did not parse (cut short, or mixed with warnings): data blocks of any object that says kind Secret. */
function redactSecretBlocksYaml(text: string): string {
  // One chunk per object: kubectl writes apiVersion first, and data before kind.
  const chunks = text.split(/(?=^[ \t]*(?:- )?apiVersion:)/m);
  return chunks
    .map((chunk) => {
      if (!/^[ \t]*(?:- )?kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(chunk)) return chunk;
      const lines = chunk.split('\n');
      let blockIndent = -1;
      return lines
        .map((line) => {
          const indent = line.length - line.trimStart().length;
          if (blockIndent >= 0 && line.trim() !== '' && indent > blockIndent)
            return line.replace(/^(\s*[^:\s][^:]*:)(\s*)(.*)$/, (_m, key: string, sp: string, val: string) =>
              val ? `${key}${sp || ' '}${REDACTED}` : `${key}`,
            );
          blockIndent = -1;
          const m = /^(\s*(?:- )?)(data|stringData):\s*$/.exec(line);
          if (m) blockIndent = m[1].length;
          return line;
        })
        .join('\n');
    })
    .join('');
}

function redactSecretBlocksJson(text: string): string {
  if (!/"kind"\s*:\s*"Secret/.test(text)) return text;
  return text.replace(
    /("(?:data|stringData)"\s*:\s*\{)([^{}]*)(\}?)/g,
    (_m, open: string, body: string, close: string) =>
      `${open}${body.replace(/("(?:[^"\\]|\\.)*"\s*:\s*)"(?:[^"\\]|\\.)*"/g, `$1"${REDACTED}"`)}${close}`,
  );
}

/** Credentials anywhere in free text. */
function redactText(text: string): string {
  return redactSecretText(text)
    .replace(
      /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g,
      `-----BEGIN $1-----\n${REDACTED}\n-----END $1-----`,
    )
    .replace(/\b(bearer)(\s+)(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`)
    .replace(/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(/("([\w.\-]+)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (m, head: string, key: string, val: string) =>
      isSecretName(key) && !HARMLESS.test(val) ? `${head}"${REDACTED}"` : m,
    )
    .replace(
      /^(\s*(?:- )?)(["']?)([\w.\-/]+)\2([ \t]*[:=][ \t]*)(\S.*)$/gm,
      (m, lead: string, q: string, key: string, sep: string, val: string) =>
        isSecretName(key) && !harmless(val)
          ? `${lead}${q}${key}${q}${sep}${q}${REDACTED}${q}${/,\s*$/.test(val) ? ',' : ''}`
          : m,
    );
}
