// `extends`: a service starts from another one (in the same file or another) and its own
// keys are merged over it, following the Compose Specification's merge rules: mappings
// merge key by key, environment-like lists merge as mappings, command, entrypoint and
// healthcheck.test are replaced, other sequences are appended without duplicates.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Document } from 'yaml';
import type { ConfigIssue } from '../app-config/loader.js';
import type { Position, PositionIndex, YamlPath } from '../app-config/positions.js';

/** One service as plain data, after interpolation. */
export type Service = Record<string, unknown>;

/** A parsed, interpolated Compose document (defined here, below the reader, so the two form no cycle). */
export interface ParsedCompose {
  doc: Document;
  data: Record<string, unknown>;
  positions: PositionIndex;
}

const DICT_LISTS = new Set(['environment', 'labels', 'extra_hosts', 'sysctls', 'annotations']);
const REPLACED = new Set(['command', 'entrypoint', 'test']);

/** A KEY=VALUE list or a mapping, as a mapping. */
export function listOrDict(v: unknown): Record<string, string | null> {
  if (Array.isArray(v)) {
    const out: Record<string, string | null> = {};
    for (const item of v) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq < 0) out[s] = null;
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
    return out;
  }
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null || x === undefined ? null : String(x)]));
  return {};
}

function merge(base: unknown, over: unknown, key: string): unknown {
  if (over === undefined) return base;
  if (base === undefined || REPLACED.has(key)) return over;
  if (DICT_LISTS.has(key)) return { ...listOrDict(base), ...listOrDict(over) };
  if (Array.isArray(base) && Array.isArray(over)) {
    const seen = new Set(base.map((x) => JSON.stringify(x)));
    return [...base, ...over.filter((x) => !seen.has(JSON.stringify(x)))];
  }
  if (
    base &&
    over &&
    typeof base === 'object' &&
    typeof over === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v, k);
    return out;
  }
  return over;
}

export interface ExtendsContext {
  file: string;
  dir: string;
  vars: ReadonlyMap<string, string>;
  at(path: YamlPath, key?: boolean): Position;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
  parse(
    text: string,
    file: string,
    vars: ReadonlyMap<string, string>,
    issues: ConfigIssue[],
    warnings: ConfigIssue[],
  ): ParsedCompose | undefined;
}

/** Paths in a service from another file are relative to that file: make them relative to ours. */
function rebase(svc: Service, fromDir: string, toDir: string): Service {
  if (fromDir === toDir) return svc;
  const move = (p: string) =>
    isAbsolute(p) || /^[a-z]+:\/\//i.test(p) ? p : relative(toDir, resolve(fromDir, p)) || '.';
  const out: Service = { ...svc };
  if (typeof out.build === 'string') out.build = move(out.build);
  else if (out.build && typeof out.build === 'object') {
    const b = { ...(out.build as Record<string, unknown>) };
    b.context = move(typeof b.context === 'string' ? b.context : '.');
    out.build = b;
  }
  if (typeof out.env_file === 'string') out.env_file = move(out.env_file);
  else if (Array.isArray(out.env_file))
    out.env_file = out.env_file.map((e) => (typeof e === 'string' ? move(e) : { ...e, path: move(e.path) }));
  return out;
}

/** Every service with its `extends` chain merged in; problems go to ctx.issues. */
export function resolveExtends(services: Record<string, Service>, ctx: ExtendsContext): Record<string, Service> {
  const files = new Map<string, Record<string, Service> | undefined>();
  const otherFile = (file: string, from: YamlPath): Record<string, Service> | undefined => {
    const abs = resolve(ctx.dir, file);
    if (!files.has(abs)) {
      let text: string | undefined;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        ctx.issues.push({
          file: ctx.file,
          ...ctx.at(from),
          message: `extends.file "${file}" cannot be read (looked for ${abs})`,
        });
      }
      const parsed =
        text === undefined
          ? undefined
          : ctx.parse(text, relative(process.cwd(), abs) || abs, ctx.vars, ctx.issues, ctx.warnings);
      files.set(abs, parsed ? ((parsed.data.services ?? {}) as Record<string, Service>) : undefined);
    }
    return files.get(abs);
  };

  const done = new Map<string, Service>();
  const resolveOne = (
    name: string,
    pool: Record<string, Service>,
    poolDir: string,
    chain: string[],
    where: YamlPath,
  ): Service | undefined => {
    const id = `${poolDir}#${name}`;
    if (chain.includes(id)) {
      ctx.issues.push({
        file: ctx.file,
        ...ctx.at(where),
        message: `extends forms a cycle: ${[...chain, id].map((c) => c.split('#')[1]).join(' → ')}`,
      });
      return undefined;
    }
    if (done.has(id)) return done.get(id);
    const svc = pool[name];
    if (!svc) {
      ctx.issues.push({ file: ctx.file, ...ctx.at(where), message: `extends: no service "${name}" to extend` });
      return undefined;
    }
    let result: Service = svc;
    const ext = svc.extends as string | { service: string; file?: string } | undefined;
    if (ext !== undefined) {
      const target = typeof ext === 'string' ? { service: ext } : ext;
      const extWhere: YamlPath = poolDir === ctx.dir ? ['services', name, 'extends'] : where;
      let basePool = pool;
      let baseDir = poolDir;
      if (target.file) {
        basePool = otherFile(resolve(poolDir, target.file), extWhere) ?? {};
        baseDir = dirname(resolve(poolDir, target.file));
        if (!files.get(resolve(poolDir, target.file))) return undefined;
      }
      const base = resolveOne(target.service, basePool, baseDir, [...chain, id], extWhere);
      if (!base) return undefined;
      const { extends: _drop, ...own } = svc;
      const merged: Service = { ...rebase(base, baseDir, poolDir) };
      for (const [k, v] of Object.entries(own)) merged[k] = merge(merged[k], v, k);
      result = merged;
    }
    done.set(id, result);
    return result;
  };

  const out: Record<string, Service> = {};
  for (const name of Object.keys(services)) {
    const svc = resolveOne(name, services, ctx.dir, [], ['services', name]);
    if (svc) out[name] = svc;
  }
  return out;
}
