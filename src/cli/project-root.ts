// The project root of a deploy: the config's directory unless --project-root names
// another. The built-in file-reading tools read only under it; the config's Dockerfile
// and build context must lie under it too, also after following symbolic links.
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { insideProjectRoot, setProjectRoot } from '../../mcp/shared/project-root.js';
import { ToolError } from '../../mcp/shared/tool.js';
import { InputError } from '../errors.js';

/**
 * Chooses and installs the project root for this process; exit 2 when --project-root is not a directory.
 * Several configs (a system) share the deepest directory that holds them all.
 */
export function useProjectRoot(configPath: string | string[], flag: string | undefined): string {
  const dirs = (Array.isArray(configPath) ? configPath : [configPath]).map((p) => dirname(resolve(p)));
  const common = dirs.reduce((a, b) => {
    while (relative(a, b).startsWith('..') || isAbsolute(relative(a, b))) a = dirname(a);
    return a;
  });
  const root = resolve(flag ?? common);
  if (flag !== undefined) {
    let dir = false;
    try {
      dir = statSync(root).isDirectory();
    } catch {
      /* reported below */
    }
    if (!dir) throw new InputError(`--project-root ${flag}: not a directory`);
  }
  setProjectRoot(root);
  return root;
}

/** Refuses a Dockerfile or build context outside the root (a symbolic link out of it included). */
export function checkInsideRoot(
  root: string,
  paths: { dockerfilePath?: string; buildContextPath?: string; file: string },
): void {
  try {
    if (paths.dockerfilePath) insideProjectRoot(paths.dockerfilePath, 'spec.dockerfile', root);
    insideProjectRoot(paths.buildContextPath ?? root, 'spec.buildContext', root);
  } catch (err) {
    if (err instanceof ToolError) throw new InputError(`${paths.file}: ${err.message}`);
    throw err;
  }
}
