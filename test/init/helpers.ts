// Shared by the init suites: copying a fixture to a temporary directory, running a
// whole deploy in-process on any config file, deep-setting a path in plain data.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../../src/app-config/index.js';
import { REPO } from '../helpers/cli.js';
import { generateLoaded } from '../helpers/generate.js';
import { setProjectRoot } from '../../mcp/shared/project-root.js';

/** A copy of fixtures/NAME at TMP/NAME (the directory keeps its name: init may name the app after it). */
export function copyFixture(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kk-init-')), name);
  cpSync(join(REPO, 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** The tree `deploy --generate-only` writes for a config, rendered in-process (same engine and servers). */
export async function treeOf(configPath: string): Promise<{ files: Map<string, string>; failures: string[] }> {
  const loaded = await loadAppConfig(configPath);
  // As the CLI does: the config's directory is the only one the file-reading tools may read.
  setProjectRoot(loaded.dir);
  const { files, failures } = await generateLoaded(loaded);
  return { files, failures };
}

/** Sets (or with `undefined` deletes) a dotted path such as "spec.ports.0.path" in plain data. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: Record<string, unknown> = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] === undefined) o[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    o = o[keys[i]] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}
