// The workspace: the manifest set a session has accepted so far, kept as the
// contributions of plan steps. A file's content is the objects of every
// contribution that names it, in step order; re-running a step replaces its
// contribution, disabling a component removes it. Pure data in, pure data out.
import type { GeneratedFile } from './result.js';
import { objectsToYaml } from './yaml.js';
import { scopedPath, sharedPath, systemFiles } from './system-tree.js';

/**
 * A system deploy keeps each app's contributions apart: the key names the app
 * (`api::k8s-manifest-generator/generate_deployment`) and its files sit in the app's folder.
 */
export function scopedKey(scope: string | undefined, key: string): string {
  return scope ? `${scope}::${key}` : key;
}

const SCOPED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)::/;

// Keys are few and asked about on every move and every call: each is parsed once.
const scopes = new Map<string, string | undefined>();

export function keyScope(key: string): string | undefined {
  if (scopes.has(key)) return scopes.get(key);
  const scope = SCOPED.exec(key)?.[1];
  if (scopes.size >= 10_000) scopes.clear();
  scopes.set(key, scope);
  return scope;
}

/** The contributions of one app of a system (all of them for a call without a scope). */
export function scopeOnly(ws: Workspace, scope: string | undefined): Workspace {
  if (!scope) return ws;
  let byScope = scoped.get(ws);
  if (!byScope) scoped.set(ws, (byScope = new Map()));
  let part = byScope.get(scope);
  if (!part) byScope.set(scope, (part = Object.fromEntries(Object.entries(ws).filter(([k]) => keyScope(k) === scope))));
  return part;
}

// A workspace is never changed in place (every change makes a new one), so what is worked
// out from one — an app's part of it, its files — holds as long as it lives. A card asks
// for both for the tree before and after each call, for its verdict and its blast radius.
const scoped = new WeakMap<Workspace, Map<string, Workspace>>();
const filesOf = new WeakMap<Workspace, readonly GeneratedFile[]>();

export function scopedFiles(scope: string | undefined, files: GeneratedFile[]): GeneratedFile[] {
  return scope ? files.map((f) => ({ ...f, path: scopedPath(scope, f.path) })) : files;
}

export interface Contribution {
  /** The plan step id that produced it ("deployment", "network-policy"). */
  step: string;
  /** Position of the step in the plan; orders objects within a shared file. */
  order: number;
  files: GeneratedFile[];
}

export type Workspace = Readonly<Record<string, Contribution>>;

export const EMPTY_WORKSPACE: Workspace = Object.freeze({});

export function withContribution(ws: Workspace, c: Contribution): Workspace {
  return { ...ws, [c.step]: c };
}

export function withoutStep(ws: Workspace, step: string): Workspace {
  if (!(step in ws)) return ws;
  const next = { ...ws };
  delete next[step];
  return next;
}

/** Objects per file path, files sorted by path, objects in step order. Shared: frozen. */
export function workspaceFiles(ws: Workspace): GeneratedFile[] {
  let files = filesOf.get(ws);
  if (!files) {
    const frozen = (f: GeneratedFile): GeneratedFile =>
      Object.freeze({ ...f, objects: Object.freeze(f.objects) as GeneratedFile['objects'] });
    files = Object.freeze(computeFiles(ws).map(frozen));
    filesOf.set(ws, files);
  }
  return files as GeneratedFile[];
}

function computeFiles(ws: Workspace): GeneratedFile[] {
  const byPath = new Map<string, { order: number; step: string; idx: number; objects: GeneratedFile['objects'] }[]>();
  for (const c of Object.values(ws)) {
    c.files.forEach((f, idx) => {
      const list = byPath.get(f.path) ?? [];
      list.push({ order: c.order, step: c.step, idx, objects: f.objects });
      byPath.set(f.path, list);
    });
  }
  const files = [...byPath.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, parts]) => ({
      path,
      objects: namespacesFirst(
        parts
          .sort((a, b) => a.order - b.order || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0) || a.idx - b.idx)
          .flatMap((p) => p.objects),
      ),
    }))
    .filter((f) => f.objects.length > 0);
  return Object.keys(ws).some((k) => keyScope(k) !== undefined) ? systemFiles(files) : files;
}

// `kubectl apply -f` creates a file's objects in order, and a namespaced object before
// its Namespace is refused; so a file's Namespaces come first, whichever step wrote them.
function namespacesFirst(objects: GeneratedFile['objects']): GeneratedFile['objects'] {
  return [...objects.filter((o) => o.kind === 'Namespace'), ...objects.filter((o) => o.kind !== 'Namespace')];
}

/** The rendered tree: relative path → YAML text; with `paths`, only those files. */
export function renderWorkspace(ws: Workspace, paths?: ReadonlySet<string>): Map<string, string> {
  const files = workspaceFiles(paths ? touching(ws, paths) : ws).filter((f) => !paths || paths.has(f.path));
  return new Map(files.map((f) => [f.path, objectsToYaml(f.objects)]));
}

/** Only the contributions that write one of `paths` (or, in a system, a shared file there): all those files need. */
function touching(ws: Workspace, paths: ReadonlySet<string>): Workspace {
  const out: Record<string, Contribution> = {};
  for (const [k, c] of Object.entries(ws))
    if (c.files.some((f) => paths.has(f.path) || (keyScope(k) !== undefined && paths.has(sharedPath(f.path)))))
      out[k] = c;
  return out;
}

/** The files a contribution change can affect: what the step wrote before and what it writes now. */
export function touchedPaths(ws: Workspace, key: string, files: readonly GeneratedFile[]): Set<string> {
  const paths = [...(ws[key]?.files ?? []).map((f) => f.path), ...files.map((f) => f.path)];
  // An app of a system also changes the shared objects its files held.
  return new Set(keyScope(key) ? [...paths, ...paths.map(sharedPath)] : paths);
}
