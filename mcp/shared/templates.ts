// Reads curated data from the repository's `templates/` folder (dashboards, runbooks,
// catalogs, cost models). Works from the sources and from the compiled `dist/` tree.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('cannot find the templates/ folder next to package.json');
}

let root: string | undefined;
export function templatesRoot(): string {
  return (root ??= join(findRoot(), 'templates'));
}

const cache = new Map<string, string>();
export function readTemplate(relPath: string): string {
  let text = cache.get(relPath);
  if (text === undefined) {
    text = readFileSync(join(templatesRoot(), relPath), 'utf8');
    cache.set(relPath, text);
  }
  return text;
}

export function readTemplateJson<T>(relPath: string): T {
  return JSON.parse(readTemplate(relPath)) as T;
}
