// A direct YAML emitter for plain data (objects, arrays, strings, numbers, booleans, null)
// that writes exactly what the `yaml` package's stringify writes for the options objectToYaml
// uses (no line folding, default indentation, no aliases, keys in insertion order), without
// building a Document first. The scalar rules below mirror yaml's stringifyString; which
// strings would read back as something else (`yes`, `1:20`, `.inf`) is decided by the
// schema's own tag patterns, so the quoting follows the yaml version in use.
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
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const SPACE_AROUND_NEWLINE = /[ \t]\n|\n[ \t]/;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
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

function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || SPACE_AROUND_NEWLINE.test(value))
    return doubleQuoted(value, indent, implicitKey);
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
}

// yaml's doubleQuotedString: JSON escapes, YAML's short escapes, and (outside keys, from 40
// characters) line breaks written as real newlines.
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // space before newline needs to be escaped to not be folded
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch === '\\')
      switch (json[i + 1]) {
        case 'u': {
          str += json.slice(start, i);
          const code = json.substr(i + 2, 4);
          str += SHORT_ESCAPES[code] ?? (code.startsWith('00') ? '\\x' + code.substr(2) : json.substr(i, 6));
          i += 5;
          start = i + 1;
          break;
        }
        case 'n':
          if (implicitKey || json[i + 2] === '"' || json.length < 40) {
            i += 1;
          } else {
            // folding will eat first newline
            str += json.slice(start, i) + '\n\n';
            while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
              str += '\n';
              i += 2;
            }
            str += indent;
            // space after newline needs to be escaped to not be folded
            if (json[i + 2] === ' ') str += '\\';
            i += 1;
            start = i + 1;
          }
          break;
        default:
          i += 1;
      }
  }
  return start ? str + json.slice(start) : json;
}

const SHORT_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
};

// yaml's blockString for a literal block (no folding at lineWidth 0): chomping from the
// trailing newlines, an indentation indicator when the text starts with a space.
function block(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value)) return quoted(value, indent, false);
  let endStart = value.length;
  for (; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  const chomp = endNlPos === -1 ? '-' : value === end || endNlPos !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNlPos = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
