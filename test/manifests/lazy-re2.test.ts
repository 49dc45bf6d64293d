import { describe, expect, it } from 'vitest';
import LazyRE2 from '../../src/manifests/lazy-re2.js';

describe('LazyRE2', () => {
  it('compiles nothing until a value is checked, then matches as RE2 does', () => {
    const re = new LazyRE2('^(?i)(abort|warn)?$', 'u');
    // RE2 syntax JavaScript cannot parse: proof that the real engine answers.
    expect(() => new RegExp('^(?i)(abort|warn)?$', 'u')).toThrow();
    expect(re.test('ABORT')).toBe(true);
    expect(re.test('Warn')).toBe(true);
    expect(re.test('')).toBe(true);
    expect(re.test('sometimes')).toBe(false);
    expect(LazyRE2.engineLoaded).toBe(true);
    expect(re.exec('warn')?.[1]).toBe('warn');
  });

  it('reports a bad pattern when it is first used', () => {
    const re = new LazyRE2('(unclosed', 'u');
    expect(() => re.test('x')).toThrow();
  });
});
