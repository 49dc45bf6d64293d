// A direct YAML emitter for plain data (objects, arrays, strings, numbers, booleans, null)
// that writes exactly what the `yaml` package's stringify writes for the options objectToYaml
// uses (no line folding, default indentation, no aliases, keys in insertion order), without
// building a Document first. Its choice of scalar style follows the YAML rules for plain,
// quoted and literal scalars as that package applies them (checked against it by property
// tests); which strings would read back as something else (`yes`, `1:20`, `.inf`) is decided
// by the schema's own tag patterns, so the quoting follows the yaml version in use.
import { Document, type DocumentOptions, type SchemaOptions } from 'yaml';

/** Options the emitter reproduces; anything else would need folding, flow or alias logic. */
type EmitOptions = DocumentOptions &
  SchemaOptions & {
    lineWidth: 0;
    minContentWidth: 0;
    aliasDuplicateObjects: false;
    sortMapEntries: false;
  };

// Thrown for a value yaml renders in a way this emitter does not (a Date, a Map, a key longer
// than an implicit key may be); the caller then renders the whole object with yaml.
const UNSUPPORTED = Symbol('unsupported');

const STR_TAG = 'tag:yaml.org,2002:str';
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Strings a plain scalar cannot hold as they are, whatever their type would read as. */
const NOT_PLAIN = new RegExp(
  [
    /^[\n\t ,[\]{}#&*!|>'"%@`]/, // begins with a blank or an indicator character
    /^[?-](?:[ \t]|$)/, // a lone `-` or `?`, or one before a blank: a sequence entry or a complex key
    /[\n:][ \t]/, // `: ` would start a mapping; a blank after a line break would be indentation
    /[ \t]\n/, // a blank before a line break would be trimmed
    /[\n\t ]#/, // `#` after a blank starts a comment
    /[\n\t :]$/, // ends with a blank or a colon
  ]
    .map((r) => r.source)
    .join('|'),
);
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const MAX_IMPLICIT_KEY = 1024;

/**
 * The emitter for these options: a function from a value to its YAML text, or undefined when
 * the value is not plain data this emitter renders exactly.
 */
export function yamlEmitter(options: EmitOptions): (value: unknown) => string | undefined {
  // A plain string is quoted when the schema, or the compat schema, reads it as another type.
  const schema = new Document(null, options).schema;
  const tests = [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => t.default && t.tag !== STR_TAG && t.test)
    .map((t) => t.test!);
  // One alternation instead of a dozen tests, when that is equivalent (no flags, no backreferences).
  const resolves = tests.every((t) => t.flags === '' && !/\\[1-9]|\\k</.test(t.source))
    ? new RegExp(tests.map((t) => `(?:${t.source})`).join('|'))
    : { test: (s: string) => tests.some((t) => t.test(s)) };
  return (value) => {
    if (value === null || typeof value !== 'object') return undefined;
    try {
      return node(value, '', resolves) + '\n';
    } catch (e) {
      if (e === UNSUPPORTED) return undefined;
      throw e;
    }
  };
}

type Resolves = { test(s: string): boolean };

// `indent` is yaml's ctx.indent: the indentation of the lines a collection's items continue on.
function node(v: unknown, indent: string, resolves: Resolves): string {
  switch (typeof v) {
    case 'string':
      return string(v, indent, false, resolves);
    case 'number':
      return number(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined': // only reachable in arrays, where yaml writes it as null
      return 'null';
    case 'object': {
      if (v === null) return 'null';
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw UNSUPPORTED;
      if (Array.isArray(v)) return seq(v, indent, resolves);
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) return map(v as Record<string, unknown>, indent, resolves);
      throw UNSUPPORTED;
    }
    default:
      throw UNSUPPORTED;
  }
}

function number(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n < 0 ? '-.inf' : '.inf';
  return Object.is(n, -0) ? '-0' : String(n);
}

function seq(a: readonly unknown[], indent: string, resolves: Resolves): string {
  if (a.length === 0) return '[]';
  const inner = indent + '  ';
  let out = '';
  for (let i = 0; i < a.length; i++) {
    const item = '- ' + node(a[i], inner, resolves);
    out += i === 0 ? item : '\n' + indent + item;
  }
  return out;
}

function map(o: Record<string, unknown>, indent: string, resolves: Resolves): string {
  const inner = indent + '  ';
  let out = '';
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined) continue; // yaml drops undefined values from maps
    const key = string(k, inner, true, resolves);
    if (key.length > MAX_IMPLICIT_KEY) throw UNSUPPORTED; // yaml switches to an explicit `? key`
    const value = node(v, inner, resolves);
    // A non-empty collection starts on the next line; an empty one is `{}`/`[]` after the key
    // (a non-empty block collection never renders as exactly that).
    const pair =
      v !== null && typeof v === 'object' && value !== '{}' && value !== '[]'
        ? `${key}:\n${inner}${value}`
        : `${key}: ${value}`;
    out += out === '' ? pair : '\n' + indent + pair;
  }
  return out === '' ? '{}' : out;
}

function string(value: string, indent: string, implicitKey: boolean, resolves: Resolves): string {
  if (CONTROL.test(value)) return doubleQuoted(value, indent, implicitKey);
  const multiline = value.includes('\n');
  if (implicitKey && multiline) return quoted(value, indent, implicitKey);
  if (NOT_PLAIN.test(value)) {
    return multiline ? block(value, indent) : quoted(value, indent, implicitKey);
  }
  if (multiline) return block(value, indent); // never a key here
  // A top-level key that starts a line with `---`, `...` or `%` would read as a document marker.
  if (implicitKey && indent === '  ' && DOCUMENT_MARKER.test(value)) return quoted(value, indent, implicitKey);
  return resolves.test(value) ? quoted(value, indent, implicitKey) : value;
}

// Single quotes unless the string holds single quotes and no double ones.
function quoted(value: string, indent: string, implicitKey: boolean): string {
  const singleOnly = value.includes('"') && !value.includes("'");
  return singleOnly ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

// Single quotes: a quote is doubled, and a run of line breaks is written with one more (a lone
// break would fold to a space) before the next line's indentation. Blanks beside a line break
// would be folded away, and a key stays on one line: those take double quotes.
function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if (value.includes('\n') && (implicitKey || /[ \t]\n|\n[ \t]/.test(value)))
    return doubleQuoted(value, indent, implicitKey);
  return `'${value.replaceAll("'", "''").replace(/\n+/g, (run) => `${run}\n${indent}`)}'`;
}

// Double quotes: JSON's escapes, with YAML's own names for the control characters that have
// one and `\xHH` for the other ones below 0x100, and a blank before an escaped line break
// escaped too. Line breaks stay escaped in a key and in a string shorter than 40 characters
// as JSON. Past that they are written across lines: a run of k breaks as k + 1 real ones (a
// lone break folds to a space) and the indentation, a blank that then starts the line
// escaped; a run that ends the string keeps its last break escaped, and a lone final break
// stays as it is. (Where that blank also precedes a break, both escapes apply, as in yaml.)
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const fold = !implicitKey && json.length >= 40;
  // Escapes are taken whole, left to right, so `\\u0041` (a backslash, then text) is not one.
  return json.replace(/(?:\\n)+|\\u([0-9a-f]{4})|\\.| (?=\\n)/g, (m, code: string | undefined, at: number) => {
    if (m === ' ') return '\\ ';
    if (code !== undefined) return YAML_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : m);
    if (!m.startsWith('\\n') || !fold) return m;
    const breaks = m.length / 2;
    const next = json[at + m.length];
    if (at + m.length === json.length - 1) return breaks === 1 ? m : `${'\n'.repeat(breaks)}${indent}\\n`;
    return `${'\n'.repeat(breaks + 1)}${indent}${next === ' ' ? '\\' : ''}`;
  });
}

/** Control characters YAML names with a short escape. */
const YAML_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
};

// A literal block (`|`), as yaml writes one with no line width. The chomping indicator says
// what ends the text: `-` no line break, nothing for exactly one, `+` for more (or blanks
// between them); an indentation indicator is needed when the text begins with a space. Every
// line after a break takes the block's indentation, except empty lines at the very end.
// Blanks after the last line break cannot be kept in a block: such a string is quoted.
function block(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value)) return quoted(value, indent, false);
  const tail = /[\n\t ]*$/.exec(value)![0];
  const firstBreak = tail.indexOf('\n');
  const chomp = firstBreak < 0 ? '-' : tail === value || firstBreak !== tail.length - 1 ? '+' : '';
  const text = value.slice(0, value.length - tail.length);
  const last = (tail.endsWith('\n') ? tail.slice(0, -1) : tail).replace(/\n+(?=[^\n])/g, `$&${indent}`);
  const indicator = /^[ \n]*/.exec(text)![0].includes(' ') ? '2' : '';
  return `|${indicator}${chomp}\n${indent}${text.replace(/\n+/g, `$&${indent}`)}${last}`;
}
