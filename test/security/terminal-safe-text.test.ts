// The one function every outside string passes before a terminal: the payload corpus
// goes through it, nothing that a terminal acts on or that hides text survives, and the
// text around each payload stays readable.
import { describe, expect, it } from 'vitest';
import { safeDeep, safeJson, safeLine, safeText } from '../../src/terminal/safe-text.js';
import { ESC, PAYLOADS, UNSAFE } from './terminal-payloads.js';

const cases = Object.entries(PAYLOADS);

describe('safeText and safeLine with the payload corpus', () => {
  it('has a corpus of at least 25 payloads', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s: nothing unsafe survives, the surrounding text does', (_name, payload) => {
    for (const safe of [safeText, safeLine]) {
      const out = safe(`BEFORE ${payload} AFTER`);
      expect(out).not.toMatch(UNSAFE);
      expect(out.startsWith('BEFORE ')).toBe(true);
      expect(out.endsWith(' AFTER')).toBe(true);
      // Idempotent: a second pass (two layers both sanitising) changes nothing.
      expect(safe(out)).toBe(out);
    }
    const line = safeLine(`BEFORE ${payload} AFTER`);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('\t');
  });

  it('shows what was sent instead of silently dropping it', () => {
    expect(safeText(PAYLOADS['OSC 0 window title (BEL)'])).toBe('␛]0;pwned: all calls approved␇');
    expect(safeText(PAYLOADS['OSC 52 clipboard write'])).toMatch(/^␛\]52;c;Y3Vy/);
    expect(safeText(PAYLOADS['CSI 2J clear screen + home'])).toBe('␛[2J␛[H');
    expect(safeText(PAYLOADS['8-bit CSI 0x9B clear'])).toBe('\\u009B2J');
    expect(safeText('a\bX')).toBe('a␈X');
    expect(safeText('delete everything\r[read-only]')).toBe('delete everything␍[read-only]');
    expect(safeText('invoice\u202Efdp.exe')).toBe('invoice\\u202Efdp.exe');
    expect(safeText('ok\u{E0069}')).toBe('ok\\u{E0069}');
    expect(safeLine('kube\u200Bctl')).toBe('kube\\u200Bctl');
  });

  it('leaves ordinary text alone: newlines, tabs, CRLF as a newline, Unicode, emoji', () => {
    const prose = 'Deployed blog-api ✓\n\tnamespace: prod — 日本語, Ελληνικά, עברית, العربية\nfamily: 👨‍👩‍👧 🇩🇪 ✔️';
    expect(safeText(prose)).toBe(prose);
    expect(safeText('a\r\nb')).toBe('a\nb');
    expect(safeLine('blog-api/generate_deployment')).toBe('blog-api/generate_deployment');
  });

  it('a one-line name cannot fake a second line or hide a joiner', () => {
    expect(safeLine('read_file\n[read-only] kubectl get pods')).toBe('read_file␤[read-only] kubectl get pods');
    expect(safeLine('a\r\nb\tc')).toBe('a␤b c');
    expect(safeLine('kube\u200Dctl')).toBe('kube\\u200Dctl');
    expect(safeText('kube\u200Dctl')).toBe('kube\u200Dctl');
  });

  it('no code point in all of Unicode gets through unsafe', () => {
    const chunk: string[] = [];
    const check = () => {
      const s = chunk.join('');
      expect(safeText(s)).not.toMatch(
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\p{Cs}]|(?![\u200c\u200d])\p{Cf}/u,
      );
      expect(safeLine(s)).not.toMatch(
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/u,
      );
      chunk.length = 0;
    };
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      chunk.push(String.fromCodePoint(cp));
      if (chunk.length === 4096) check();
    }
    check();
  });

  it('accepts non-strings as their text', () => {
    expect(safeText(42)).toBe('42');
    expect(safeLine(undefined)).toBe('');
  });
});

describe('safeJson and safeDeep', () => {
  it('JSON keeps its meaning exactly, with every unsafe character escaped', () => {
    const data = { payloads: PAYLOADS, nested: [{ name: `tool${ESC}]0;x\u0007`, note: '\u009b2J\u202E' }] };
    const json = safeJson(JSON.stringify(data, null, 2));
    expect(json).not.toMatch(UNSAFE);
    expect(JSON.parse(json)).toEqual(data);
  });

  it('safeDeep makes a display copy of plain data, leaving the original untouched', () => {
    const original = { a: [`x${ESC}[2J`, 1, true, null], b: { c: '\u202E' } };
    const copy = safeDeep(original);
    expect(copy).toEqual({ a: ['x␛[2J', 1, true, null], b: { c: '\\u202E' } });
    expect(original.a[0]).toBe(`x${ESC}[2J`);
  });
});
