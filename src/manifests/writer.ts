// Writes a rendered tree to a directory atomically: everything goes to a temporary
// sibling first and is renamed into place, so a failure never leaves half a tree.
import { mkdir, readdir, rename, rm, writeFile, stat, mkdtemp } from 'node:fs/promises';
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

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Writes `files` (relative path → content) as the new content of `dir`.
 * An existing non-empty directory is refused unless `force`; with `force` it is
 * replaced as a whole (its previous content is removed only after the new tree is in place).
 */
export async function writeTreeAtomically(dir: string, files: ReadonlyMap<string, string>, opts: { force?: boolean } = {}): Promise<void> {
  const target = resolve(dir);
  const present = (await exists(target)) ? await listFiles(target) : [];
  if (present.length > 0 && !opts.force) {
    throw new OutputDirNotEmpty(target, present.filter((p) => files.has(p)), present);
  }
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const [rel, content] of files) {
      const full = join(staging, rel);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
    }
    if (await exists(target)) {
      const old = `${staging}.old`;
      await rename(target, old);
      await rename(staging, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(staging, target);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
