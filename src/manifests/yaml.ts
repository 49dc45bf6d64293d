// Manifest objects ↔ YAML text. Output is deterministic: keys keep the order the
// generators built them in, documents keep their order, no line folding.
import { stringify, parseAllDocuments } from 'yaml';
import type { ManifestObject } from '../../mcp/shared/result.js';

const OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false } as const;

export function objectsToYaml(objects: readonly ManifestObject[]): string {
  return objects.map((o) => stringify(o, OPTIONS)).join('---\n');
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
