// Strings from outside (MCP servers, the model, Dockerfiles, configs, transcripts,
// kubeconfigs) are shown to a person only after passing through here. A terminal acts
// on a sequence only when a control character introduces it (ESC, the 8-bit CSI/OSC/DCS
// bytes, BEL, BS, CR …), so replacing every control character with a visible stand-in
// defuses all of them — CSI, OSC (title, clipboard, hyperlink), DCS/APC/PM/SOS strings,
// terminated or not — without a parser that could be talked around. The rest of the
// sequence stays as harmless, readable text, so the user sees that something odd was sent.
//
// Also made visible: Unicode format characters that reorder or hide text (bidi
// embeddings, overrides, isolates and marks, zero-width spaces, tag characters, BOM, soft
// hyphen), line/paragraph separators and lone surrogates. Zero-width joiner and non-joiner
// are kept in prose (emoji and several scripts need them) but shown in names, where any
// invisible character can make one name pass for another.
//
// The product's own colours (Ink, paint()) are added after this, never passed through it.

/** Control Pictures (U+2400 block): ␀ … ␟ for C0, ␡ for DEL. */
const picture = (code: number): string => String.fromCodePoint(code === 0x7f ? 0x2421 : 0x2400 + code);

const hex = (code: number): string =>
  code > 0xffff ? `\\u{${code.toString(16).toUpperCase()}}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;

// C0 and DEL, C1, format characters, separators, lone surrogates; prose keeps \t and \n.
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\p{Cf}\p{Cs}]/gu;
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
const JOINERS = new Set([0x200c, 0x200d]);

function replace(ch: string, line: boolean): string {
  const code = ch.codePointAt(0)!;
  if (code === 0x09) return line ? ' ' : ch;
  if (code === 0x0a) return line ? '␤' : ch;
  if (code < 0x20 || code === 0x7f) return picture(code);
  if (!line && JOINERS.has(code)) return ch;
  return hex(code);
}

function clean(s: string, line: boolean): string {
  const re = line ? UNSAFE_LINE : UNSAFE_TEXT;
  const text = s.includes('\r\n') ? s.replaceAll('\r\n', '\n') : s;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  re.lastIndex = 0;
  return text.replace(re, (ch) => replace(ch, line));
}

/**
 * Multi-line text (model prose, tool results, error messages, Markdown): keeps newlines
 * and tabs, turns CRLF into a newline, and makes every other control or invisible
 * formatting character visible (ESC → ␛, lone CR → ␍, U+202E → \u202E).
 */
export function safeText(value: unknown): string {
  return clean(typeof value === 'string' ? value : String(value ?? ''), false);
}

/**
 * One line (tool and server names, arguments, reasons, paths, ids): like safeText, but a
 * newline shows as ␤, a tab as a space, and every default-ignorable character is visible,
 * so a name can neither fake a second line nor pass for another name.
 */
export function safeLine(value: unknown): string {
  return clean(typeof value === 'string' ? value : String(value ?? ''), true);
}

/**
 * A display copy of plain data with every string passed through safeText (objects and
 * arrays are copied; other values are returned as they are). For reports built from
 * tool results, printed as text.
 */
export function safeDeep<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => safeDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeDeep(v)])) as T;
  }
  return value;
}

// What JSON.stringify leaves raw but a terminal may act on or hide: DEL, C1, format
// characters, separators. C0 controls and lone surrogates are already escaped by it.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]|\p{Cf}/gu;

/**
 * JSON text made terminal-safe without changing its meaning: the same characters, written
 * as \uXXXX escapes, so a parser reads back exactly the original data.
 */
export function safeJson(json: string): string {
  JSON_UNSAFE.lastIndex = 0;
  if (!JSON_UNSAFE.test(json)) return json;
  JSON_UNSAFE.lastIndex = 0;
  // Astral format characters (tag characters) become a surrogate pair, JSON's only form for them.
  return json.replace(JSON_UNSAFE, (ch) =>
    [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
