// Reads a manifest tree the way `kubectl apply -R -f` does: arguments in order, each
// directory walked depth-first in lexical name order, only .yaml/.yml/.json files
// inside directories, every document of a file in order, `kind: List` expanded.
// Each object keeps its file and the line its document starts on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { CheckEntry } from './types.js';
import { deepFreeze } from '../yaml.js';

/** Input the check cannot read: a missing path, broken YAML, a document that is no object. Exit code 2. */
export class CheckInputError extends Error {
  override name = 'CheckInputError';
  readonly exitCode = 2;
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** Files in apply order: a directory's entries sorted by name, subdirectories walked where they sort. */
function applyOrderFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && MANIFEST.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CheckInputError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Objects of one file's text; throws CheckInputError naming FILE:LINE:COL for what is not a manifest. */
export function parseManifests(text: string, file: string): CheckEntry[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const out: CheckEntry[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const at = (offset: number | undefined) => lines.linePos(offset ?? 0);
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const pos = at(e.pos[0]);
      throw new CheckInputError(`${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const line = at(doc.contents?.range?.[0] ?? doc.range[0]).line;
    const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const obj of items) {
      if (
        !isObject(obj) ||
        typeof obj.apiVersion !== 'string' ||
        typeof obj.kind !== 'string' ||
        !isObject(obj.metadata) ||
        typeof obj.metadata.name !== 'string'
      ) {
        throw new CheckInputError(
          `${file}:${line}:1: not a Kubernetes object (apiVersion, kind and metadata.name are required)`,
        );
      }
      out.push({ obj: obj as CheckEntry['obj'], file, line });
    }
  }
  return out;
}

/**
 * The entries parseManifests would read back from objects rendered one document each
 * and joined by `---\n`, without parsing the text again (a deploy holds both already):
 * each document's contents start on the line after the previous one's separator, and
 * a JSON copy is what the YAML round trip of plain data gives.
 */
// A card's verdict checks the whole tree after every call, so the same rendered (frozen)
// objects come back each time: their plain copy is made once, and frozen too, so no check
// can change what the next one reads.
const copies = new WeakMap<object, unknown>();

function plainCopy(obj: object): unknown {
  if (!Object.isFrozen(obj)) return JSON.parse(JSON.stringify(obj)) as unknown;
  let copy = copies.get(obj);
  if (copy === undefined) copies.set(obj, (copy = deepFreeze(JSON.parse(JSON.stringify(obj)) as unknown)));
  return copy;
}

export function renderedEntries(
  file: string,
  docs: readonly { obj: object; text: string }[],
): CheckEntry[] | undefined {
  const out: CheckEntry[] = [];
  let line = 1;
  for (const { obj, text } of docs) {
    if (!text.endsWith('\n') || text.startsWith('#') || text.startsWith('%') || text.startsWith('---'))
      return undefined;
    const value = plainCopy(obj);
    if (
      !isObject(value) ||
      value.kind === 'List' ||
      typeof value.apiVersion !== 'string' ||
      typeof value.kind !== 'string' ||
      !isObject(value.metadata) ||
      typeof value.metadata.name !== 'string'
    )
      return undefined;
    out.push({ obj: value as CheckEntry['obj'], file, line });
    line += text.split('\n').length;
  }
  return out;
}

/** Every object under the paths, in the order `kubectl apply -R` sends them. */
export function loadTree(paths: string[]): { files: string[]; entries: CheckEntry[] } {
  const files = applyOrderFiles(paths);
  const entries: CheckEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CheckInputError(
        `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    entries.push(...parseManifests(text, file));
  }
  return { files, entries };
}
