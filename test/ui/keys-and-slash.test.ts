import { describe, expect, it } from 'vitest';
import { BINDINGS, resolveKey, helpLines } from '../../src/ui/keys.js';
import { completeSlash, parseSlash, SLASH_COMMANDS } from '../../src/ui/slash.js';

describe('key bindings', () => {
  it('resolve by mode', () => {
    expect(resolveKey('approval', { input: 'y' })).toEqual({ action: 'approve' });
    expect(resolveKey('input', { input: 'y' })).toEqual({ text: 'y' });
    expect(resolveKey('approval', { input: '', rightArrow: true })).toEqual({ action: 'next-file' });
    expect(resolveKey('busy', { input: '', escape: true })).toEqual({ action: 'cancel' });
    expect(resolveKey('input', { input: 'c', ctrl: true })).toEqual({ action: 'quit' });
    expect(resolveKey('help', { input: 'q' })).toEqual({ action: 'close-help' });
    expect(resolveKey('busy', { input: 'y' })).toBeUndefined();
    // A waiting card owns single keys only while nothing is typed.
    expect(resolveKey('approval', { input: '/' })).toEqual({ action: 'start-input' });
    expect(resolveKey('approval', { input: ':' })).toEqual({ action: 'start-input' });
    expect(resolveKey('approval', { input: 'a' }, true)).toEqual({ text: 'a' });
    expect(resolveKey('approval', { input: '', return: true }, true)).toEqual({ action: 'submit' });
    expect(resolveKey('approval', { input: 'u', ctrl: true }, true)).toEqual({ action: 'clear-line' });
    expect(resolveKey('input', { input: 'u', ctrl: true })).toEqual({ action: 'clear-line' });
  });
  it('every binding has help text and the table has no duplicate key in a mode', () => {
    for (const b of BINDINGS) expect(b.help.length).toBeGreaterThan(5);
    expect(helpLines('approval').some((l) => l.startsWith('y'))).toBe(true);
  });
});

describe('slash commands', () => {
  it('parse into intents, including kubectl-ai bare words', () => {
    expect(parseSlash('/policy yes')).toEqual({ type: 'policy', policy: 'yes' });
    expect(parseSlash('/policy maybe')).toMatchObject({ type: 'error' });
    expect(parseSlash('/export out --kustomize')).toEqual({
      type: 'export',
      path: 'out',
      kustomize: true,
      force: false,
    });
    expect(parseSlash('/permissions revoke k8s-manifest-generator/apply_manifests')).toEqual({
      type: 'permissions',
      revoke: 'k8s-manifest-generator/apply_manifests',
    });
    expect(parseSlash('exit')).toEqual({ type: 'quit' });
    expect(parseSlash('models')).toEqual({ type: 'models' });
    expect(parseSlash('model gpt-4.1')).toEqual({ type: 'model', model: 'gpt-4.1' });
    expect(parseSlash('/nope')).toEqual({ type: 'error', message: 'unknown command /nope; try /help' });
    expect(parseSlash('deploy fixtures/blog-api/app-config.yaml')).toBeUndefined();
  });
  it("the issue's commands exist and complete", () => {
    for (const n of [
      'help',
      'plan',
      'diff',
      'export',
      'sessions',
      'resume',
      'permissions',
      'policy',
      'model',
      'tools',
      'mcp',
      'clear',
      'quit',
    ])
      expect(SLASH_COMMANDS.map((c) => c.name)).toContain(n);
    expect(completeSlash('/p')).toEqual([
      '/plan',
      '/permissions [revoke SERVER/TOOL]',
      '/policy [ask|auto-read|suggest|yes]',
      '/prompts',
    ]);
    expect(completeSlash('plan')).toEqual([]);
  });
});
