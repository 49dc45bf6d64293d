// Manifest objects ↔ YAML text. Output is deterministic: keys keep the order the
// generators built them in, documents keep their order, no line folding.
import { stringify, parseAllDocuments } from 'yaml';
import type { ManifestObject } from './result.js';
import { yamlEmitter } from './yaml-emit.js';

// compat: a string YAML 1.1 reads as something else (`yes`, `on`, `1:20`) is quoted, because
// kubectl's YAML reader is 1.1 and would turn `--appendonly yes` into a boolean.
export const OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  sortMapEntries: false,
  compat: 'yaml-1.1',
} as const;

// Writes what stringify(o, OPTIONS) writes, without building a Document (a fraction of the
// cost); undefined for a value it does not cover, which yaml then renders.
let emit: ((value: unknown) => string | undefined) | undefined;

/** `stringify(o, OPTIONS)`, by the direct emitter where it covers the value. */
export function renderYaml(o: unknown): string {
  emit ??= yamlEmitter(OPTIONS);
  return emit(o) ?? stringify(o, OPTIONS);
}

// A session renders the same objects many times (each call's diff shows the files it
// touches before and after, and the tree is written at the end), so each object is
// rendered once. Manifest objects are values: frozen when first rendered, so a change
// after that fails loudly instead of leaving a stale rendering behind.
const rendered = new WeakMap<object, string>();
// A copy of a rendered object (one that crossed a tool's schema check, as validate_manifests'
// arguments do) has a new identity but the same content; its JSON finds the rendering again
// at a fraction of the cost of rendering it. Bounded, so a long chat cannot grow it forever.
const byContent = new Map<string, string>();
const BY_CONTENT_LIMIT = 5_000;

/** Freezes a value and everything below it (a frozen part is taken as frozen through); returns it. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function objectToYaml(o: ManifestObject): string {
  let text = rendered.get(o);
  if (text === undefined) {
    const key = JSON.stringify(o);
    text = byContent.get(key);
    if (text === undefined) {
      text = renderYaml(o);
      if (byContent.size >= BY_CONTENT_LIMIT) byContent.clear();
      byContent.set(key, text);
    }
    deepFreeze(o);
    rendered.set(o, text);
  }
  return text;
}

export function objectsToYaml(objects: readonly ManifestObject[]): string {
  return objects.map(objectToYaml).join('---\n');
}

export function yamlToObjects(text: string, file = '<input>'): ManifestObject[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const out: ManifestObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const [line, col] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
      throw new Error(`${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    out.push(value as ManifestObject);
  }
  return out;
}
