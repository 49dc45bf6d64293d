// Writes a rendered tree to a directory atomically: everything goes to a temporary
// sibling first and is renamed into place, so a failure never leaves half a tree.
// Synchronous calls on purpose: the CLI has nothing else to do meanwhile, and a
// round trip through the thread pool per file made writing 21 files take ~20 ms
// instead of ~2.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export class OutputDirNotEmpty extends Error {
  constructor(
    readonly dir: string,
    readonly wouldOverwrite: string[],
    readonly existing: string[],
  ) {
    super(`output directory ${dir} is not empty`);
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Writes `files` (relative path → content) as the new content of `dir`.
 * An existing non-empty directory is refused unless `force`; with `force` it is
 * replaced as a whole (its previous content is removed only after the new tree is in place).
 */
export async function writeTreeAtomically(dir: string, files: ReadonlyMap<string, string>, opts: { force?: boolean } = {}): Promise<void> {
  const target = resolve(dir);
  const present = existsSync(target) ? listFiles(target) : [];
  if (present.length > 0 && !opts.force) {
    throw new OutputDirNotEmpty(target, present.filter((p) => files.has(p)), present);
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    const made = new Set<string>();
    for (const [rel, content] of files) {
      const full = join(staging, rel);
      const folder = dirname(full);
      if (!made.has(folder)) mkdirSync(folder, { recursive: true });
      made.add(folder);
      writeFileSync(full, content);
    }
    if (existsSync(target)) {
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, target);
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
