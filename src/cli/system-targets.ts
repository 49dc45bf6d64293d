// What chat's `deploy PATH` deploys when PATH is more than one app: a Compose file (its
// app services mapped in memory as `init` would write them, nothing written) or a
// directory of AppDeployments. A single config is not a system: undefined.
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, loadAppConfig, parseAppConfig } from '../app-config/loader.js';
import type { DeployTarget } from '../agent/planners/rules-deploy.js';
import { COMPOSE_NAMES, readCompose } from '../init/compose-read.js';
import { mapCompose } from '../init/compose-map.js';
import { renderAll } from '../init/write.js';
import { checkDistinctNames, expandConfigArgs } from './deploy-configs.js';

const isComposeName = (p: string) =>
  (COMPOSE_NAMES as readonly string[]).includes(basename(p)) || /(^|[.-])compose\.ya?ml$/.test(basename(p));

async function composeTargets(path: string): Promise<DeployTarget[]> {
  const project = await readCompose(path);
  const mapped = await mapCompose(project);
  if (mapped.issues.length > 0) throw new ConfigError(mapped.issues);
  const rendered = renderAll(project.dir, mapped.drafts, { label: basename(path), compose: true });
  return rendered.map((r) => {
    const parsed = parseAppConfig(r.text, r.path);
    if ('issues' in parsed) throw new ConfigError(parsed.issues);
    const { spec } = parsed.config;
    const dir = dirname(r.path);
    return {
      config: parsed.config,
      dockerfilePath: spec.dockerfile ? resolve(dir, spec.dockerfile) : undefined,
      buildContextPath: resolve(dir, spec.buildContext),
    };
  });
}

export async function loadSystemTargets(path: string): Promise<DeployTarget[] | undefined> {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  if (!dir) return isComposeName(path) ? composeTargets(path) : undefined;
  const loaded = [];
  for (const c of expandConfigArgs([path])) loaded.push(await loadAppConfig(c));
  checkDistinctNames(loaded);
  return loaded.map((l) => ({
    config: l.config,
    dockerfilePath: l.dockerfilePath,
    buildContextPath: l.buildContextPath,
  }));
}
