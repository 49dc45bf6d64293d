// Which AppDeployments a deploy is for: the files named, and in a directory named, the
// configs `init` writes there (`app-config.yaml`, `<service>.app-config.yaml`). More than
// one config is a system: one plan, one session, one tree.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { LoadedAppConfig } from '../app-config/loader.js';

const isConfigName = (name: string) => name === 'app-config.yaml' || name.endsWith('.app-config.yaml');

export function expandConfigArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let dir = false;
    try {
      dir = statSync(arg).isDirectory();
    } catch {
      // Not there: the loader reports it with the usual message.
    }
    if (!dir) {
      out.push(arg);
      continue;
    }
    const found = readdirSync(arg)
      .filter(isConfigName)
      .sort()
      .map((n) => join(arg, n));
    if (found.length === 0)
      throw new InputError(
        `${arg}: no app-config.yaml or *.app-config.yaml in this directory; run kaptain-kube init ${arg} first, or name the configs`,
      );
    out.push(...found);
  }
  return out;
}

/** Two configs of one system may not share a name: their objects and folders would collide. */
export function checkDistinctNames(loaded: readonly LoadedAppConfig[]): void {
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const name = l.config.metadata.name;
    const other = seen.get(name);
    if (other)
      throw new InputError(
        `${l.file}: metadata.name "${name}" is also the name in ${other}; apps deployed together need different names`,
      );
    seen.set(name, l.file);
  }
}
