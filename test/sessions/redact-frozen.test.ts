// The redactor walks a deep-frozen object once and reuses the result; an object that can
// still change below a frozen one is walked again each time, so a secret put there later
// is still caught.
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../src/sessions/redact.js';

const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
};

describe('Redactor over frozen objects', () => {
  it('gives the same answer the second time, from the same walk', () => {
    const r = new Redactor(['hunter2-secret-value']);
    const secret = deepFreeze({ kind: 'Secret', apiVersion: 'v1', data: { password: 'c2VjcmV0' } });
    const plain = deepFreeze({ kind: 'ConfigMap', data: { note: 'uses hunter2-secret-value here' } });
    const first = r.value({ files: [secret, plain] });
    const second = r.value({ again: [plain, secret] });
    expect(first.files[0]).toEqual({ kind: 'Secret', apiVersion: 'v1', data: { password: REDACTED } });
    expect(first.files[1]).toEqual({ kind: 'ConfigMap', data: { note: `uses ${REDACTED} here` } });
    expect(second.again[0]).toBe(first.files[1]);
    expect(second.again[1]).toBe(first.files[0]);
  });

  it('walks again below a frozen object whose child can change', () => {
    const r = new Redactor(['hunter2-secret-value']);
    const child = { note: 'nothing yet' };
    const parent = Object.freeze({ kind: 'ConfigMap', data: child });
    expect(r.value(parent)).toBe(parent);
    child.note = 'now hunter2-secret-value';
    expect(r.value(parent)).toEqual({ kind: 'ConfigMap', data: { note: `now ${REDACTED}` } });
  });
});

describe('Redactor over frozen objects, when a secret is learned later', () => {
  it('walks them again', async () => {
    const { learnSecrets } = await import('../../src/sessions/redact.js');
    const r = new Redactor();
    const cm = Object.freeze({ kind: 'ConfigMap', data: Object.freeze({ note: 'plain-ish-learned-value-42' }) });
    expect(r.value(cm)).toBe(cm);
    learnSecrets(['plain-ish-learned-value-42']);
    expect(r.value(cm)).toEqual({ kind: 'ConfigMap', data: { note: REDACTED } });
  });
});
