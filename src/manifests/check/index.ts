// The cluster-semantics check of a manifest tree: what the cluster would do with it
// when applied as written. `checkManifests` is the pure core (entries in apply order,
// optional facts from the caller); `checkPaths` reads a tree from disk first.
import { manifestSet, ref } from '../readiness/manifest-set.js';
import { admission } from './admission.js';
import { applyOrder } from './apply-order.js';
import { loadTree, parseManifests, renderedEntries } from './load.js';
import { reachability } from './reachability.js';
import { runtimeRefs } from './runtime-refs.js';
import type { CheckEntry, CheckFacts, CheckFinding, MatrixRow, Report } from './types.js';

export type { CheckFacts, CheckFinding } from './types.js';
export { CheckInputError, loadTree } from './load.js';
export { formatMatrix } from './reachability.js';
export { checkFactsFromDockerfile } from './facts.js';

export interface CheckResult {
  files: number;
  objects: number;
  findings: CheckFinding[];
  matrix: MatrixRow[];
  errors: number;
  warnings: number;
}

function checkManifests(
  entries: CheckEntry[],
  facts: CheckFacts = {},
  files = new Set(entries.map((e) => e.file)).size,
): CheckResult {
  const findings: CheckFinding[] = [];
  const report: Report = (at, severity, rule, message) =>
    findings.push({ severity, rule, file: at.file, line: at.line, subject: ref(at.obj), message });
  const set = manifestSet(entries);
  applyOrder(entries, report);
  admission(set, report);
  const matrix = reachability(set, report, facts);
  runtimeRefs(set, report, facts);
  // File order, then line, so the output reads like a compiler's.
  const order = new Map(entries.map((e, i) => [e.file, i]));
  findings.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { files, objects: entries.length, findings, matrix, errors, warnings: findings.length - errors };
}

export function checkPaths(paths: string[], facts: CheckFacts = {}): CheckResult {
  const { files, entries } = loadTree(paths);
  return checkManifests(entries, facts, files.length);
}

/**
 * Checks rendered files (path → YAML text, paths relative to the tree root) without
 * touching the disk, as `kubectl apply -R` on that root would see them: for
 * validate_manifests and deploy, which hold the tree in memory.
 */
export function checkTexts(files: Iterable<[string, string]>, facts: CheckFacts = {}): CheckResult {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return checkManifests(
    sorted.flatMap(([path, text]) => parseManifests(text, path)),
    facts,
    sorted.length,
  );
}

/**
 * checkTexts for files whose objects are in memory beside their per-document YAML
 * (deploy's validate_manifests): the same entries and lines, without parsing back.
 */
export function checkRendered(
  files: readonly { path: string; docs: readonly { obj: object; text: string }[] }[],
  facts: CheckFacts = {},
): CheckResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const entries = sorted.flatMap(
    (f) => renderedEntries(f.path, f.docs) ?? parseManifests(f.docs.map((d) => d.text).join('---\n'), f.path),
  );
  return checkManifests(entries, facts, sorted.length);
}

export function formatFinding(f: CheckFinding): string {
  return `${f.file}:${f.line}: ${f.rule}: ${f.severity}: ${f.message}`;
}
