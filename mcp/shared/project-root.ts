// The project root: the only directory tree file-reading tools may read. A deploy sets
// it to its config's directory (or --project-root); anywhere else (chat, `mcp serve`)
// it is the working directory. Paths are checked twice: lexically, and after resolving
// symbolic links, so a link inside the project pointing out of it is refused too.
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ContextReader } from '../../src/dockerfile/analyze.js';
import { ToolError } from './tool.js';

let configured: string | undefined;

/** Sets the root for this process (undefined: back to the working directory). */
export function setProjectRoot(dir: string | undefined): void {
  configured = dir === undefined ? undefined : resolve(dir);
}

function projectRoot(): string {
  return configured ?? process.cwd();
}

const within = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    throw new ToolError(`the project root ${root} cannot be read`);
  }
}

/**
 * The absolute path of `path` (relative paths are taken from the root) when it lies
 * inside the project root, also after following symbolic links; a ToolError naming the
 * path and the root otherwise. A path that does not exist is returned as is (reading it
 * then fails with the reader's own message).
 */
export function insideProjectRoot(path: string, what: string, root = projectRoot()): string {
  const abs = resolve(root, path);
  if (path.includes('\0') || !within(resolve(root), abs))
    throw new ToolError(`${what} ${path} is outside the project root ${root}; only files under it can be read`);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return abs;
  }
  if (!within(realRoot(root), real))
    throw new ToolError(
      `${what} ${path} is a symbolic link to ${real}, outside the project root ${root}; only files under it can be read`,
    );
  return abs;
}

/** A build-context reader that reads only inside the project root. */
export function containedContext(inner: ContextReader, dir: string, root = projectRoot()): ContextReader {
  return {
    read: async (rel) => {
      const abs = join(dir, rel);
      // Docker refuses COPY sources outside the context; there is nothing to read there.
      if (!within(resolve(dir), abs)) return undefined;
      insideProjectRoot(abs, 'build context file', root);
      return inner.read(rel);
    },
    list: () => inner.list(),
  };
}
