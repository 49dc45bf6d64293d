// `kaptain-kube init [DIR]`: find the Compose file or the Dockerfile(s), draft one
// AppDeployment per service, check each through the real loader, write them. The
// terminal side (printing, asking) is in src/cli/init.ts.
import { statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../app-config/loader.js';
import { InputError } from '../errors.js';
import { COMPOSE_NAMES, readCompose } from './compose-read.js';
import { mapCompose } from './compose-map.js';
import { draftsFromDockerfiles, findDockerfiles } from './dockerfile-map.js';
import type { Draft } from './draft.js';
import { checkOverwrite, renderAll, writeAll, type Rendered } from './write.js';

export interface InitFlags {
  compose?: string;
  yes?: boolean;
  force?: boolean;
  output?: string;
  profile?: string[];
}

export const shown = (abs: string) => {
  const r = relative(process.cwd(), abs);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : abs;
};

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Where the Compose file is: --compose, else the first of Compose's own names in DIR. */
function composeFile(dir: string, flag: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  const found = COMPOSE_NAMES.find((n) => {
    try {
      return statSync(join(dir, n)).isFile();
    } catch {
      return false;
    }
  });
  return found ? shown(join(dir, found)) : undefined;
}

export interface InitPlan {
  drafts: Draft[];
  /** The drafts rendered and checked, with the paths they go to. */
  files: Rendered[];
  warnings: ConfigIssue[];
  outDir: string;
  from: { label: string; compose: boolean };
}

/** Finds and reads the inputs, drafts every config and checks it; writes nothing. */
export async function prepareInit(dirArg: string | undefined, flags: InitFlags): Promise<InitPlan> {
  const dir = resolve(dirArg ?? '.');
  if (!isDir(dir)) throw new InputError(`${dirArg ?? '.'}: not a directory`);
  const compose = composeFile(dir, flags.compose);
  let drafts: Draft[];
  let warnings: ConfigIssue[] = [];
  let outDir = dir;
  let from: InitPlan['from'];
  if (compose) {
    const project = await readCompose(compose, { profiles: flags.profile });
    const mapped = await mapCompose(project);
    if (mapped.issues.length > 0) throw new ConfigError(mapped.issues.sort((a, b) => a.line - b.line || a.col - b.col));
    if (mapped.drafts.length === 0)
      throw new InputError(
        `${compose}: no app service to deploy (every service is a database, cache or broker, or left out by its profiles)`,
      );
    drafts = mapped.drafts;
    warnings = mapped.warnings;
    // Configs live beside the Compose file, so its relative build paths stay valid.
    outDir = project.dir;
    from = { label: relative(outDir, resolve(compose)) || compose, compose: true };
  } else {
    const dockerfiles = findDockerfiles(dir);
    if (dockerfiles.length === 0)
      throw new InputError(
        `${dirArg ?? '.'}: no Compose file (${COMPOSE_NAMES.join(', ')}) and no Dockerfile here or one directory down`,
      );
    drafts = await draftsFromDockerfiles(dir, dockerfiles);
    from = { label: dockerfiles.map((f) => relative(dir, f)).join(', '), compose: false };
  }
  const files = renderAll(outDir, drafts, from);
  // Before any question is asked: an answer for a file that cannot be written would be wasted.
  checkOverwrite(files, flags.force === true);
  return { drafts, files, warnings, outDir, from };
}

/** Writes the plan's files, or those of edited drafts (checked again first). */
export async function finishInit(plan: InitPlan, edited?: Draft[]): Promise<Rendered[]> {
  const files = edited ? renderAll(plan.outDir, edited, plan.from) : plan.files;
  await writeAll(files);
  return files;
}
