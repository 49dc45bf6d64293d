// Writes drafts as AppDeployment files: each checked by the real loader (schema and
// paths, from its final directory) before any is put in place; every file written to a
// temporary name and renamed, so a reader never sees half a file and a failure leaves
// nothing behind. An existing config is replaced only with --force, and only that file.
import { existsSync, lstatSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigError, loadAppConfig, parseAppConfig } from '../app-config/loader.js';
import { CommandError, InputError } from '../errors.js';
import { draftObject, renderDraft, type Draft } from './draft.js';

export interface Rendered {
  draft: Draft;
  /** Absolute path of the file to write. */
  path: string;
  text: string;
  config: Record<string, unknown>;
}

/** Renders every draft and checks it against the schema; throws on a draft that would not load. */
export function renderAll(outDir: string, drafts: Draft[], from: { label: string; compose: boolean }): Rendered[] {
  const names = new Set<string>();
  return drafts.map((d) => {
    if (names.has(d.file)) throw new InputError(`two services would both be written to ${d.file}; rename one of them`);
    names.add(d.file);
    const header = [
      `AppDeployment written by kaptain-kube init from ${from.label}${from.compose ? ` (service ${d.service})` : ''}.`,
      'Each comment names where the value came from; check them, then run: kaptain-kube deploy <this file> --plan-only',
    ];
    const text = renderDraft(d, header);
    const parsed = parseAppConfig(text, d.file);
    if ('issues' in parsed)
      throw new InputError(
        `the config for ${d.service} would not be valid`,
        parsed.issues.map((i) => `${d.file}:${i.line}:${i.col}: ${i.message}`),
      );
    return { draft: d, path: join(outDir, d.file), text, config: draftObject(d) };
  });
}

/** Existing files among the targets; refused unless `force`. */
export function checkOverwrite(files: Rendered[], force: boolean): void {
  const existing = files.filter((f) => existsSync(f.path) || isLink(f.path));
  if (existing.length === 0) return;
  const dirs = existing.filter((f) => lstatSync(f.path).isDirectory());
  if (dirs.length > 0) throw new InputError(`${dirs[0].path} is a directory; init writes a file there`);
  if (!force)
    throw new InputError(
      `${existing.map((f) => basename(f.path)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to replace ${existing.length === 1 ? 'it' : 'them'} (nothing else is touched)`,
      existing.map((f) => f.path),
    );
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function writeAll(files: Rendered[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) {
      const tmp = join(f.path, '..', `.${basename(f.path)}.${process.pid}.tmp`);
      temps.push(tmp);
      await writeFile(tmp, f.text, { flag: 'wx', mode: 0o644 });
      // The loader resolves the Dockerfile and build context from the file's directory: the same one.
      try {
        await loadAppConfig(tmp);
      } catch (err) {
        if (err instanceof ConfigError)
          throw new InputError(
            `the config for ${f.draft.service} would not load`,
            err.issues.map((i) => `${basename(f.path)}:${i.line}:${i.col}: ${i.message}`),
          );
        throw err;
      }
    }
    for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].path);
    temps.length = 0;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new CommandError(`could not write the configs: ${(err as Error).message}`);
  } finally {
    for (const t of temps) await rm(t, { force: true });
  }
}
